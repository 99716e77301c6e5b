import { On, Projector, type DecodedEvent } from '@factum/core';
import { TransferCompleted, TransferFailed, TransferRequested } from '../../transfers/transfer-messages';
import type { TransferRow } from '../postgres/read-model-tables';

/** Transfer status in memory, for tests and apps without Postgres. */
@Projector({ name: 'bank-transfers', readModel: 'memory' })
export class InMemoryTransferStatus {
  private readonly rows = new Map<string, TransferRow>();

  get(transferId: string): TransferRow | undefined {
    return this.rows.get(transferId);
  }

  all(): TransferRow[] {
    return [...this.rows.values()];
  }

  @On(TransferRequested)
  requested(event: DecodedEvent<typeof TransferRequested>): void {
    const { transferId, from, to, amount } = event.data;
    this.rows.set(transferId, { transferId, from, to, amount, status: 'requested', reason: null, refunded: false });
  }

  @On(TransferCompleted)
  completed(event: DecodedEvent<typeof TransferCompleted>): void {
    const row = this.rows.get(event.data.transferId);
    if (row) row.status = 'completed';
  }

  @On(TransferFailed)
  failed(event: DecodedEvent<typeof TransferFailed>): void {
    const row = this.rows.get(event.data.transferId);
    if (row) Object.assign(row, { status: 'failed', reason: event.data.reason, refunded: event.data.refunded });
  }

  reset(): void {
    this.rows.clear();
  }
}
