import { InMemoryEventStore, type RecordedEvent } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  createApp,
  decodeEvent,
  defineCommand,
  defineEvent,
  InvalidEventError,
  type EventOf,
} from '@factum/core';
import { z } from 'zod';

// Version 1 had { name }; version 2 split it into { first, last }; version 3 added a currency.
interface CustomerRegisteredV1 {
  id: string;
  name: string;
}
interface CustomerRegisteredV2 {
  id: string;
  first: string;
  last: string;
}
const CustomerRegistered = defineEvent(
  'CustomerRegistered',
  z.object({ id: z.string(), first: z.string(), last: z.string(), currency: z.enum(['EUR', 'USD']) }),
  {
    version: 3,
    upcast: {
      1: (v1: CustomerRegisteredV1): CustomerRegisteredV2 => {
        const [first = '', ...rest] = v1.name.split(' ');
        return { id: v1.id, first, last: rest.join(' ') };
      },
      2: (v2: CustomerRegisteredV2) => ({ ...v2, currency: 'EUR' }),
    },
  },
);
const Register = defineCommand('Register', z.object({ id: z.string(), first: z.string(), last: z.string() }));
const Rename = defineCommand('Rename', z.object({ id: z.string() }));

@Aggregate({ category: 'customer' })
class Customer extends AggregateRoot {
  first = '';
  last = '';
  currency = '';
  @CommandHandler(Register, { id: (c) => c.id })
  register(c: { id: string; first: string; last: string }): void {
    this.emit(CustomerRegistered({ ...c, currency: 'USD' }));
  }
  @CommandHandler(Rename, { id: (c) => c.id })
  rename(): void {}
  @Apply(CustomerRegistered)
  registered(event: EventOf<typeof CustomerRegistered>): void {
    this.first = event.first;
    this.last = event.last;
    this.currency = event.currency;
  }
}

async function first(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent> {
  for await (const event of iterable) return event;
  throw new Error('empty');
}

describe('old events are upcast as they are read, never rewritten', () => {
  it('rebuilds an aggregate from a version-1 event through every upcaster', async () => {
    const store = new InMemoryEventStore();
    await store.append('customer-c1', [{ type: 'CustomerRegistered', schemaVersion: 1, data: { id: 'c1', name: 'Ada King Lovelace' } }]);
    const app = await createApp({ store, aggregates: [Customer] });

    const customer = await app.load(Customer, 'c1');

    expect(customer).toMatchObject({ first: 'Ada', last: 'King Lovelace', currency: 'EUR' });
    expect((await first(store.readStream('customer-c1'))).data).toEqual({ id: 'c1', name: 'Ada King Lovelace' }); // stored as it was
  });

  it('writes new events with the current schema version', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Customer] });
    const result = await app.dispatch(Register({ id: 'c2', first: 'Alan', last: 'Turing' }));
    expect(result.events[0]!.schemaVersion).toBe(3);
    expect(result.events[0]!.data).toEqual({ id: 'c2', first: 'Alan', last: 'Turing', currency: 'USD' });
  });

  it('decodes stored events for any reader: decodeEvent and app.messages.decode', async () => {
    const store = new InMemoryEventStore();
    await store.append('customer-c3', [{ type: 'CustomerRegistered', schemaVersion: 2, data: { id: 'c3', first: 'Grace', last: 'Hopper' } }]);
    const app = await createApp({ store, aggregates: [Customer] });
    const stored = await first(store.readStream('customer-c3'));

    const decoded = decodeEvent(CustomerRegistered, stored);
    expect(decoded).toMatchObject({ type: 'CustomerRegistered', schemaVersion: 3, streamId: 'customer-c3', version: 1 });
    expect(decoded.data.currency).toBe('EUR');
    expect(app.messages.event('CustomerRegistered')).toBe(CustomerRegistered);
    expect(app.messages.decode(stored).data).toEqual(decoded.data);
  });

  it('names stream, version and issue when a stored event cannot be brought to the schema', async () => {
    const store = new InMemoryEventStore();
    await store.append('customer-c4', [{ type: 'CustomerRegistered', schemaVersion: 3, data: { id: 'c4', first: 'X', last: 'Y', currency: 'GBP' } }]);
    await store.append('customer-c5', [{ type: 'CustomerRegistered', schemaVersion: 4, data: {} }]);
    const app = await createApp({ store, aggregates: [Customer] });

    const bad = await app.load(Customer, 'c4').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidEventError);
    expect((bad as InvalidEventError).location).toEqual({ streamId: 'customer-c4', version: 1, schemaVersion: 3 });
    expect((bad as Error).message).toMatch(/customer-c4.*version 1.*currency/);
    await expect(app.dispatch(Rename({ id: 'c4' }))).rejects.toBeInstanceOf(InvalidEventError);
    await expect(app.load(Customer, 'c5')).rejects.toThrow(/schema version 4/);
  });
});
