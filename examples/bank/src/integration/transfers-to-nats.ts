import { IntegrationPublisher, On, type DecodedEvent } from '@factum/core';
import { TransferCompleted, TransferFailed } from '../transfers/transfer-messages';

/** Where the bank publishes transfer outcomes: `bank.transfers.completed` and `bank.transfers.failed`. */
export const TRANSFER_SUBJECT_PREFIX = 'bank.transfers';

/**
 * The bank's integration publisher: the outcome of every transfer, for other services (the
 * notifications example consumes them). Hot, like the bank's other side effects: it publishes
 * transfers that end from its first start on.
 */
export function transfersToNats(prefix = TRANSFER_SUBJECT_PREFIX) {
  @IntegrationPublisher({ name: 'transfers-to-nats' })
  class TransfersToNats {
    @On(TransferCompleted)
    completed(event: DecodedEvent<typeof TransferCompleted>) {
      return { subject: `${prefix}.completed`, payload: { transferId: event.data.transferId } };
    }

    @On(TransferFailed)
    failed(event: DecodedEvent<typeof TransferFailed>) {
      const { transferId, reason, refunded } = event.data;
      return { subject: `${prefix}.failed`, payload: { transferId, reason, refunded } };
    }
  }
  return TransfersToNats;
}
