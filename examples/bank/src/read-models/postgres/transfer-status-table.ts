import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import type { SqlTransaction } from '@factum/postgres';
import { TransferCompleted, TransferFailed, TransferRequested } from '../../transfers/transfer-messages';
import { READ_MODEL_SCHEMA } from './read-model-tables';

const table = `${READ_MODEL_SCHEMA}.transfers`;

/** Where each transfer stands: requested, completed, or failed with its reason. */
@Projector({ name: 'bank-transfers', transactional: true })
export class TransferStatusTable {
  @On(TransferRequested)
  async requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    const { transferId, from, to, amount } = event.data;
    await ctx.tx.query(`insert into ${table} (transfer_id, from_account, to_account, amount, status) values ($1, $2, $3, $4, 'requested')`, [
      transferId,
      from,
      to,
      amount,
    ]);
  }

  @On(TransferCompleted)
  async completed(event: DecodedEvent<typeof TransferCompleted>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`update ${table} set status = 'completed' where transfer_id = $1`, [event.data.transferId]);
  }

  @On(TransferFailed)
  async failed(event: DecodedEvent<typeof TransferFailed>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`update ${table} set status = 'failed', reason = $2, refunded = $3 where transfer_id = $1`, [
      event.data.transferId,
      event.data.reason,
      event.data.refunded,
    ]);
  }

  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`truncate ${table}`);
  }
}
