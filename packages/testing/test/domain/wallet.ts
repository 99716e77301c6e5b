// A small domain for the fixtures' own tests: wallets that refuse to go negative.
import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, defineCommand, defineEvent, type CommandOf, type EventOf } from '@factum/core';
import { z } from 'zod';

export const OpenWallet = defineCommand('OpenWallet', z.object({ walletId: z.string(), owner: z.string().min(1) }));
export const Credit = defineCommand('Credit', z.object({ walletId: z.string(), amount: z.number().int().positive() }));
export const Debit = defineCommand('Debit', z.object({ walletId: z.string(), amount: z.number().int().positive() }));

export const WalletOpened = defineEvent('WalletOpened', z.object({ walletId: z.string(), owner: z.string() }));
export const Credited = defineEvent('Credited', z.object({ walletId: z.string(), amount: z.number() }));
export const Debited = defineEvent('Debited', z.object({ walletId: z.string(), amount: z.number() }));

@Aggregate({ category: 'wallet' })
export class Wallet extends AggregateRoot {
  opened = false;
  balance = 0;

  @CommandHandler(OpenWallet, { id: (command) => command.walletId })
  open(command: CommandOf<typeof OpenWallet>): void {
    if (this.opened) throw new DomainError('WalletAlreadyOpen', `wallet ${command.walletId} is already open`);
    this.emit(WalletOpened({ walletId: command.walletId, owner: command.owner }));
  }

  @CommandHandler(Credit, { id: (command) => command.walletId })
  credit(command: CommandOf<typeof Credit>): void {
    if (!this.opened) throw new DomainError('WalletNotOpen', `open wallet ${command.walletId} first`);
    this.emit(Credited({ walletId: command.walletId, amount: command.amount }));
  }

  @CommandHandler(Debit, { id: (command) => command.walletId })
  debit(command: CommandOf<typeof Debit>): void {
    if (command.amount > this.balance) throw new DomainError('InsufficientFunds', `the balance is ${this.balance}`);
    this.emit(Debited({ walletId: command.walletId, amount: command.amount }));
  }

  @Apply(WalletOpened)
  protected opened_(): void {
    this.opened = true;
  }

  @Apply(Credited)
  protected credited(event: EventOf<typeof Credited>): void {
    this.balance += event.amount;
  }

  @Apply(Debited)
  protected debited(event: EventOf<typeof Debited>): void {
    this.balance -= event.amount;
  }
}
