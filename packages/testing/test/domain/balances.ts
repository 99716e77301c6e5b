// An in-memory read model: each wallet's balance.
import { On, Projector, type DecodedEvent } from '@factum/core';
import { Credited, Debited, WalletOpened } from './wallet';

@Projector({ name: 'wallet-balances' })
export class WalletBalances {
  readonly balances = new Map<string, number>();

  @On(WalletOpened)
  opened(event: DecodedEvent<typeof WalletOpened>): void {
    this.balances.set(event.data.walletId, 0);
  }

  @On(Credited)
  credited(event: DecodedEvent<typeof Credited>): void {
    this.add(event.data.walletId, event.data.amount);
  }

  @On(Debited)
  debited(event: DecodedEvent<typeof Debited>): void {
    if (event.data.amount > 1_000_000) throw new Error('implausible debit');
    this.add(event.data.walletId, -event.data.amount);
  }

  private add(walletId: string, amount: number): void {
    const balance = this.balances.get(walletId);
    if (balance === undefined) throw new Error(`no wallet ${walletId}`);
    this.balances.set(walletId, balance + amount);
  }
}
