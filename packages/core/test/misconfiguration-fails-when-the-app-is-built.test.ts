import { InMemoryEventStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  ConfigurationError,
  createApp,
  defineCommand,
  defineEvent,
  isFactumError,
  type AggregateClass,
} from '@factum/core';
import { z } from 'zod';
import { AccountOpened, BankAccount, OpenAccount } from './support/bank';

const Ping = defineCommand('Ping', z.object({ id: z.string() }));
const Pinged = defineEvent('Pinged', z.object({ id: z.string() }));

async function buildError(aggregates: readonly unknown[]): Promise<ConfigurationError> {
  const error = await createApp({ store: new InMemoryEventStore(), aggregates: aggregates as AggregateClass[] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(isFactumError(error, 'CONFIGURATION_ERROR')).toBe(true);
  return error as ConfigurationError;
}

describe('decorator misuse is a ConfigurationError when the app is built', () => {
  it('a command handled by two aggregates', async () => {
    @Aggregate({ category: 'other' })
    class Other extends AggregateRoot {
      @CommandHandler(OpenAccount, { id: (c) => c.accountId }) open(): void {}
    }
    expect((await buildError([BankAccount, Other])).message).toMatch(/'OpenAccount' is handled by both BankAccount\.open and Other\.open/);
  });

  it('a command handled twice in one aggregate', async () => {
    @Aggregate({ category: 'twice' })
    class Twice extends AggregateRoot {
      @CommandHandler(Ping, { id: (c) => c.id }) first(): void {}
      @CommandHandler(Ping, { id: (c) => c.id }) second(): void {}
    }
    expect((await buildError([Twice])).message).toMatch(/'Ping' is handled twice/);
  });

  it('@CommandHandler on a class without @Aggregate, or a class that is not an AggregateRoot', async () => {
    class NoDecorator extends AggregateRoot {
      @CommandHandler(Ping, { id: (c) => c.id }) ping(): void {}
    }
    expect((await buildError([NoDecorator])).message).toMatch(/NoDecorator has @CommandHandler or @Apply methods but no @Aggregate/);
    class Plain {}
    expect((await buildError([Plain])).message).toMatch(/does not extend AggregateRoot/);
    expect((await buildError([undefined])).message).toMatch(/circular import/);
  });

  it('two @Apply methods for one event, a handler without id, a wrong definition kind, a static handler', async () => {
    @Aggregate({ category: 'messy' })
    class Messy extends AggregateRoot {
      @Apply(Pinged) a(): void {}
      @Apply(Pinged) b(): void {}
      // @ts-expect-error an id function is required
      @CommandHandler(Ping, {}) noId(): void {}
    }
    const message = (await buildError([Messy])).message;
    expect(message).toMatch(/'Pinged' has two @Apply methods/);
    expect(message).toMatch(/without an id/);

    const Kinds = (() => {
      @Aggregate({ category: 'kinds' })
      class Kinds extends AggregateRoot {
        // @ts-expect-error an event definition is not a command
        @CommandHandler(AccountOpened, { id: () => 'x' }) wrong(): void {}
      }
      return Kinds;
    })();
    expect((await buildError([Kinds])).message).toMatch(/@CommandHandler\(the event 'AccountOpened'\)/);
  });

  it('an invalid category, the same category twice, an aggregate listed twice', async () => {
    @Aggregate({ category: 'bad-category' })
    class BadCategory extends AggregateRoot {}
    expect((await buildError([BadCategory])).message).toMatch(/category "bad-category"/);
    @Aggregate({ category: 'account' })
    class AlsoAccount extends AggregateRoot {}
    expect((await buildError([BankAccount, AlsoAccount])).message).toMatch(/both use the category 'account'/);
    expect((await buildError([BankAccount, BankAccount])).message).toMatch(/listed twice/);
  });

  it('two different definitions sharing one event type', async () => {
    const PingedAgain = defineEvent('Pinged', z.object({ other: z.number() }));
    @Aggregate({ category: 'one' })
    class One extends AggregateRoot {
      @Apply(Pinged) p(): void {}
    }
    @Aggregate({ category: 'two' })
    class Two extends AggregateRoot {
      @Apply(PingedAgain) p(): void {}
    }
    expect((await buildError([One, Two])).message).toMatch(/Two different definitions use the event type 'Pinged'/);
  });

  it('snapshot options that make no sense, or only one of toSnapshot/fromSnapshot', async () => {
    @Aggregate({ category: 'snap', snapshot: { every: 0 } })
    class Snap extends AggregateRoot {}
    expect((await buildError([Snap])).message).toMatch(/snapshot\.every is 0/);
    @Aggregate({ category: 'half' })
    class Half extends AggregateRoot {
      protected override toSnapshot(): unknown {
        return {};
      }
    }
    expect((await buildError([Half])).message).toMatch(/toSnapshot without fromSnapshot/);
  });

  it('createApp options that make no sense', async () => {
    await expect(createApp({ store: undefined as unknown as InMemoryEventStore })).rejects.toThrow(/needs a store/);
    await expect(createApp({ store: new InMemoryEventStore(), retries: { maxAttempts: 0 } })).rejects.toThrow(/retries\.maxAttempts/);
  });
});

describe('misuse only visible while running is a ConfigurationError at that moment, with nothing appended', () => {
  const Emit = defineCommand('Emit', z.object({ id: z.string(), what: z.enum(['unapplied', 'in-apply', 'async-apply']) }));
  const Unapplied = defineEvent('Unapplied', z.object({}));
  const Nested = defineEvent('Nested', z.object({}));
  const Later = defineEvent('Later', z.object({}));

  @Aggregate({ category: 'emitter' })
  class Emitter extends AggregateRoot {
    @CommandHandler(Emit, { id: (c) => c.id })
    run(c: { what: string }): void {
      if (c.what === 'unapplied') this.emit(Unapplied({}));
      if (c.what === 'in-apply') this.emit(Nested({}));
      if (c.what === 'async-apply') this.emit(Later({}));
    }
    @Apply(Nested) nested(): void {
      this.emit(Unapplied({}));
    }
    @Apply(Later) async later(): Promise<void> {}
  }

  it.each([
    ['an event with no @Apply', 'unapplied', /emitted 'Unapplied' but has no @Apply\(Unapplied\)/],
    ['emit inside @Apply', 'in-apply', /emitted an event inside an @Apply method/],
    ['an async @Apply', 'async-apply', /returned a promise/],
  ] as const)('%s', async (_, what, message) => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Emitter] });
    const error = await app.dispatch(Emit({ id: 'e', what })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(await store.headPosition()).toBeNull();
  });

  it('a stored event the aggregate has no @Apply for', async () => {
    const store = new InMemoryEventStore();
    await store.append('emitter-e', [{ type: 'Stranger', data: {} }]);
    const app = await createApp({ store, aggregates: [Emitter] });
    await expect(app.load(Emitter, 'e')).rejects.toThrow(/holds 'Stranger' at version 1, which Emitter has no @Apply method for/);
  });
});
