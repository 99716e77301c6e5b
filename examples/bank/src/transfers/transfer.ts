import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, type CommandOf } from '@factum/core';
import { CompleteTransfer, FailTransfer, RequestTransfer, TransferCompleted, TransferFailed, TransferRequested } from './transfer-messages';

export type TransferStatus = 'new' | 'requested' | 'completed' | 'failed';

/** A transfer's own record (stream `transfer-<transferId>`); the money moves on the accounts, driven by TransferProcess. */
@Aggregate({ category: 'transfer' })
export class Transfer extends AggregateRoot {
  status: TransferStatus = 'new';

  @CommandHandler(RequestTransfer, { id: (command) => command.transferId })
  request(command: CommandOf<typeof RequestTransfer>): void {
    if (this.status !== 'new') throw new DomainError('TransferExists', `transfer ${command.transferId} already exists: use a new transfer id`);
    this.emit(TransferRequested(command));
  }

  // Completing or failing twice is harmless: a re-run step of the process must not be refused.
  @CommandHandler(CompleteTransfer, { id: (command) => command.transferId })
  complete(command: CommandOf<typeof CompleteTransfer>): void {
    if (this.status === 'requested') this.emit(TransferCompleted(command));
  }

  @CommandHandler(FailTransfer, { id: (command) => command.transferId })
  fail(command: CommandOf<typeof FailTransfer>): void {
    if (this.status === 'requested') this.emit(TransferFailed(command));
  }

  @Apply(TransferRequested) protected requested(): void {
    this.status = 'requested';
  }
  @Apply(TransferCompleted) protected completed(): void {
    this.status = 'completed';
  }
  @Apply(TransferFailed) protected failed(): void {
    this.status = 'failed';
  }
}
