// Compiled by `npm run typecheck` and run by the core tests, so docs/aggregates-and-commands.md stays true.
import { InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  createApp,
  defineCommand,
  defineEvent,
  type CommandOf,
  type EventOf,
  type Middleware,
} from '@factum/core';
import { Container, inject, injectable } from 'inversify';
import { z } from 'zod';

// --- Schema evolution: version 1 stored { name }; version 2 splits it. Old events are upcast on read.
interface CustomerRegisteredV1 {
  customerId: string;
  name: string;
}
export const CustomerRegistered = defineEvent(
  'CustomerRegistered',
  z.object({ customerId: z.string(), firstName: z.string(), lastName: z.string() }),
  {
    version: 2,
    upcast: {
      1: (v1: CustomerRegisteredV1) => {
        const [firstName = '', ...rest] = v1.name.split(' ');
        return { customerId: v1.customerId, firstName, lastName: rest.join(' ') };
      },
    },
  },
);

// --- Dependency injection: a service the aggregate's constructor asks for.
@injectable()
export class FeePolicy {
  feeFor(amount: number): number {
    return Math.ceil(amount * 0.01);
  }
}

export const Register = defineCommand('Register', z.object({ customerId: z.string(), firstName: z.string(), lastName: z.string() }));
export const Charge = defineCommand('Charge', z.object({ customerId: z.string(), amount: z.number().positive() }));
export const Charged = defineEvent('Charged', z.object({ amount: z.number(), fee: z.number() }));

// --- Snapshots: every 100 events; raise `version` when the state's shape changes.
@Aggregate({ category: 'customer', snapshot: { every: 100, version: 1 } })
export class Customer extends AggregateRoot {
  name = '';
  owed = 0;

  constructor(@inject(FeePolicy) private readonly fees: FeePolicy) {
    super();
  }

  @CommandHandler(Register, { id: (command) => command.customerId })
  register(command: CommandOf<typeof Register>): void {
    this.emit(CustomerRegistered(command));
  }

  @CommandHandler(Charge, { id: (command) => command.customerId })
  charge(command: CommandOf<typeof Charge>): void {
    this.emit(Charged({ amount: command.amount, fee: this.fees.feeFor(command.amount) }));
  }

  @Apply(CustomerRegistered)
  protected registered(event: EventOf<typeof CustomerRegistered>): void {
    this.name = `${event.firstName} ${event.lastName}`;
  }

  @Apply(Charged)
  protected charged(event: EventOf<typeof Charged>): void {
    this.owed += event.amount + event.fee;
  }
}

// --- Middleware: runs around every dispatch, in order, after validation.
export const requireUser: Middleware = (context, next) => {
  if (typeof context.metadata['userId'] !== 'string') throw new Error(`${context.command.type}: who is asking?`);
  return next();
};
export function timing(record: (commandType: string, milliseconds: number) => void): Middleware {
  return async (context, next) => {
    const started = performance.now();
    try {
      return await next();
    } finally {
      record(context.command.type, performance.now() - started);
    }
  };
}

export async function evolveAndInject(): Promise<{ name: string; owed: number; timed: string[] }> {
  const store = new InMemoryEventStore();
  // An event written by an older release, still in the store as version 1:
  await store.append('customer-c1', [{ type: 'CustomerRegistered', schemaVersion: 1, data: { customerId: 'c1', name: 'Ada King' } }]);

  const timed: string[] = [];
  const container = new Container();
  container.bind(FeePolicy).toSelf().inSingletonScope();
  const app = await createApp({
    store,
    snapshots: new InMemorySnapshotStore(),
    container,
    aggregates: [Customer],
    middleware: [timing((type) => timed.push(type)), requireUser],
  });

  await app.dispatch(Charge({ customerId: 'c1', amount: 200 }), { metadata: { userId: 'u1' } });
  const customer = await app.load(Customer, 'c1');
  return { name: customer?.name ?? '', owed: customer?.owed ?? 0, timed };
}
