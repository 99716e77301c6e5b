import { InMemoryEventStore } from '@factum/event-store';
import { createApp, Aggregate, AggregateRoot, Apply, CommandHandler, defineCommand, defineEvent, DomainError, isDomainError } from '@factum/core';
import { z } from 'zod';
import { BankAccount, Deposit, OpenAccount, Withdraw } from './support/bank';
import { readAll } from './support/store-helpers';

describe('a domain error rejects the dispatch and appends nothing', () => {
  it('rejects with the handler DomainError, its code and details', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await app.dispatch(Deposit({ accountId: 'a1', amount: 10 }));

    const error = await app.dispatch(Withdraw({ accountId: 'a1', amount: 11 })).catch((e: unknown) => e);

    expect(isDomainError(error, 'InsufficientFunds')).toBe(true);
    expect((error as DomainError).details).toEqual({ balance: 10 });
    expect(await store.streamVersion('account-a1')).toBe(2);
    await expect(app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }))).rejects.toMatchObject({ code: 'AccountAlreadyOpen' });
    await expect(app.dispatch(Deposit({ accountId: 'nobody', amount: 1 }))).rejects.toMatchObject({ code: 'AccountNotOpen' });
    expect(await store.streamVersion('account-nobody')).toBe(0);
  });

  it('drops events emitted before the throw, and the cached state does not keep them', async () => {
    const Book = defineCommand('Book', z.object({ id: z.string(), seats: z.number().int() }));
    const SeatBooked = defineEvent('SeatBooked', z.object({ id: z.string() }));
    @Aggregate({ category: 'show' })
    class Show extends AggregateRoot {
      booked = 0;
      @CommandHandler(Book, { id: (c) => c.id })
      book(command: { id: string; seats: number }): void {
        for (let seat = 0; seat < command.seats; seat++) {
          this.emit(SeatBooked({ id: command.id })); // applied at once: this.booked grows
          if (this.booked > 3) throw new DomainError('SoldOut', 'only 3 seats');
        }
      }
      @Apply(SeatBooked) onBooked(): void {
        this.booked++;
      }
    }
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Show] });
    await app.dispatch(Book({ id: 's1', seats: 2 }));

    await expect(app.dispatch(Book({ id: 's1', seats: 2 }))).rejects.toMatchObject({ code: 'SoldOut' });
    expect(await readAll(store, 'show-s1')).toHaveLength(2);

    // The instance saw a third SeatBooked applied before the throw; had it stayed cached, this would be refused.
    const result = await app.dispatch(Book({ id: 's1', seats: 1 }));
    expect(result.version).toBe(3);
  });
});
