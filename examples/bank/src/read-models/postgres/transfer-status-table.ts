import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { sqlTable, type SqlTransaction } from '@factum/postgres';
import { TransferCompleted, TransferFailed, TransferRequested } from '../../transfers/transfer-messages';
import { READ_MODEL_SCHEMA } from './read-model-tables';

const transfers = sqlTable<{
  transfer_id: string;
  from_account: string;
  to_account: string;
  amount: number;
  status: 'requested' | 'completed' | 'failed';
  reason: string;
  refunded: boolean;
}>({
  name: `${READ_MODEL_SCHEMA}.transfers`,
  key: ['transfer_id'],
  columns: { transfer_id: 'text', from_account: 'text', to_account: 'text', amount: 'bigint', status: 'text', reason: 'text', refunded: 'boolean' },
});

/** Where each transfer stands: requested, completed, or failed with its reason (bulk writes per batch). */
@Projector({ name: 'bank-transfers', transactional: true })
export class TransferStatusTable {
  @On(TransferRequested)
  requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProjectionContext<SqlTransaction>): void {
    const { transferId, from, to, amount } = event.data;
    transfers.in(ctx.tx).upsert({ transfer_id: transferId, from_account: from, to_account: to, amount, status: 'requested' });
  }

  @On(TransferCompleted)
  completed(event: DecodedEvent<typeof TransferCompleted>, ctx: ProjectionContext<SqlTransaction>): void {
    transfers.in(ctx.tx).update({ transfer_id: event.data.transferId, status: 'completed' });
  }

  @On(TransferFailed)
  failed(event: DecodedEvent<typeof TransferFailed>, ctx: ProjectionContext<SqlTransaction>): void {
    const { transferId, reason, refunded } = event.data;
    transfers.in(ctx.tx).update({ transfer_id: transferId, status: 'failed', reason, refunded });
  }

  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`truncate ${READ_MODEL_SCHEMA}.transfers`);
  }
}
