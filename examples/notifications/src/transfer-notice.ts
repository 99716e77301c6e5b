import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, type CommandOf, type EventOf } from '@factum/core';
import { SendTransferNotice, TransferNoticeSent } from './notice-messages';

/**
 * The notice about one transfer: sent once. A second notice with another outcome for the same
 * transfer is refused (the message goes to the dead-letter subject); the same message again is
 * not even executed (its command id was handled).
 */
@Aggregate({ category: 'notice' })
export class TransferNotice extends AggregateRoot {
  outcome: 'completed' | 'failed' | null = null;

  @CommandHandler(SendTransferNotice, { id: (command) => command.transferId })
  send(command: CommandOf<typeof SendTransferNotice>): void {
    if (this.outcome !== null) {
      throw new DomainError('NoticeAlreadySent', `transfer ${command.transferId} was already noticed as ${this.outcome}; a notice is sent once`);
    }
    const text =
      command.outcome === 'completed'
        ? `Your transfer ${command.transferId} has arrived.`
        : `Your transfer ${command.transferId} did not go through: ${command.reason ?? 'no reason given'}.`;
    this.emit(TransferNoticeSent({ transferId: command.transferId, outcome: command.outcome, text }));
  }

  @Apply(TransferNoticeSent)
  protected sent(event: EventOf<typeof TransferNoticeSent>): void {
    this.outcome = event.outcome;
  }
}
