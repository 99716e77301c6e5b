import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InMemorySubscriberLocks, InMemorySubscriberStore, type SubscriberStore } from '@factum/event-store';
import { createPostgresStores, PostgresSubscriberLocks, PostgresSubscriberStore, type PostgresStores } from '@factum/postgres';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  createApp,
  defineCommand,
  defineEvent,
  EventHandler,
  InMemoryEventStore,
  On,
  Projector,
  type App,
  type CommandOf,
  type DecodedEvent,
} from '@factum/core';

// A read model kept in process memory dies with the process. With a durable subscriber store, its
// checkpoint used to outlive it: after a restart the projector resumed from the stored checkpoint
// with an empty memory, and reported itself live with 10 of 110 users. A memory read model now
// keeps its checkpoint in the process too, so every new process builds it from the origin.
const RegisterUser = defineCommand('RegisterUser', z.object({ userId: z.string() }));
const UserRegistered = defineEvent('UserRegistered', z.object({ userId: z.string() }));

@Aggregate({ category: 'user' })
class User extends AggregateRoot {
  @CommandHandler(RegisterUser, { id: (command) => command.userId })
  register(command: CommandOf<typeof RegisterUser>): void {
    this.emit(UserRegistered({ userId: command.userId }));
  }

  @Apply(UserRegistered)
  protected registered(): void {}
}

@Projector({ name: 'users-in-memory', readModel: 'memory' })
class UsersInMemory {
  readonly users = new Set<string>();

  @On(UserRegistered)
  registered(event: DecodedEvent<typeof UserRegistered>): void {
    this.users.add(event.data.userId);
  }
}

// Stands for a table or a file: it outlives the app, as a durable read model does.
const durableRows = new Map<string, number>();

@Projector({ name: 'users-durable', readModel: 'durable' })
class UsersDurable {
  @On(UserRegistered)
  registered(event: DecodedEvent<typeof UserRegistered>): void {
    durableRows.set(event.data.userId, (durableRows.get(event.data.userId) ?? 0) + 1);
  }
}

const register = async (app: App, from: number, to: number): Promise<void> => {
  for (let n = from; n < to; n++) await app.dispatch(RegisterUser({ userId: `u${n}` }), { consistency: 'strong' });
};

const where = process.env.DATABASE_URL ? 'on PostgreSQL' : 'on PGlite';

describe(`a memory read model with a durable subscriber store (${where})`, () => {
  const schema = `memory_rm_${randomBytes(4).toString('hex')}`;
  let pg: PostgresStores;

  beforeAll(async () => {
    pg = createPostgresStores(process.env.DATABASE_URL ?? { pglite: 'memory://' }, { schema });
    await pg.migrate();
  });

  afterAll(async () => {
    if (process.env.DATABASE_URL) await pg.client.query(`drop schema if exists "${schema}" cascade`);
    await pg.close();
  });

  // Each call is a process starting: a new container (new projector instances) on the same database.
  const startProcess = async (): Promise<App> => {
    const app = await createApp({
      store: pg.events,
      aggregates: [User],
      projectors: [UsersInMemory, UsersDurable],
      subscriptions: {
        store: new PostgresSubscriberStore(pg.client, { schema }),
        locks: process.env.DATABASE_URL ? new PostgresSubscriberLocks(pg.client, { schema }) : undefined,
      },
    });
    await app.start();
    return app;
  };

  it('is rebuilt from the origin after a restart, while a durable one resumes from its checkpoint', async () => {
    const first = await startProcess();
    await register(first, 0, 100);
    expect(first.container.get(UsersInMemory).users.size).toBe(100);
    await first.stop();

    const second = await startProcess();
    await register(second, 100, 110);
    expect(second.container.get(UsersInMemory).users.size).toBe(110);
    const [memory] = (await second.subscribers.status()).filter((status) => status.name === 'users-in-memory');
    expect(memory).toMatchObject({ state: 'live', lag: 0 });
    // The durable read model was not replayed into: every user applied exactly once.
    expect(durableRows.size).toBe(110);
    expect([...durableRows.values()].every((times) => times === 1)).toBe(true);
    await second.stop();
  });
});

describe('a memory read model in several processes', () => {
  it('is built in each of them, since no process can read another one’s memory', async () => {
    const store = new InMemoryEventStore();
    // Shared like a database: what two processes on one Postgres would share.
    const shared = { store: new InMemorySubscriberStore(), locks: new InMemorySubscriberLocks() };
    const startProcess = async (): Promise<App> => {
      // An in-memory subscriber store passed explicitly is still in memory: memory stays the default.
      const app = await createApp({ store, aggregates: [User], projectors: [UsersInMemory], subscriptions: shared });
      await app.start();
      return app;
    };
    const a = await startProcess();
    const b = await startProcess();
    await register(a, 0, 5);
    await b.dispatch(RegisterUser({ userId: 'u5' }), { consistency: 'strong' });
    expect(b.container.get(UsersInMemory).users.size).toBe(6);
    await a.dispatch(RegisterUser({ userId: 'u6' }), { consistency: 'strong' });
    expect(a.container.get(UsersInMemory).users.size).toBe(7);
    expect((await b.subscribers.status())[0]).toMatchObject({ active: true });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('keeps its place across stop and start of one app, as its memory does', async () => {
    const store = new InMemoryEventStore();
    const seen: string[] = [];
    @Projector({ name: 'seen', readModel: 'memory' })
    class Seen {
      @On(UserRegistered)
      registered(event: DecodedEvent<typeof UserRegistered>): void {
        seen.push(event.data.userId);
      }
    }
    const app = await createApp({ store, aggregates: [User], projectors: [Seen] });
    await app.start();
    await register(app, 0, 3);
    await app.stop();
    await app.start();
    await register(app, 3, 4);
    expect(seen).toEqual(['u0', 'u1', 'u2', 'u3']);
    await app.stop();
  });
});

describe('where a read model lives is decided when the app is built', () => {
  const store = new InMemoryEventStore();
  // Any subscriber store but the in-memory one is taken to outlive the process (as a file would).
  const inner = new InMemorySubscriberStore();
  const durableStore: SubscriberStore = {
    supportsTransactions: true,
    transaction: (work) => inner.transaction(work),
    checkpoints: inner.checkpoints,
    processStates: inner.processStates,
    deadLetters: inner.deadLetters,
  };

  @Projector({ name: 'undeclared' })
  class Undeclared {
    @On(UserRegistered) registered(): void {}
  }
  @Projector({ name: 'contradictory', transactional: true, readModel: 'memory' })
  class Contradictory {
    @On(UserRegistered) registered(): void {}
  }
  @Projector({ name: 'misspelt', readModel: 'disk' as 'durable' })
  class Misspelt {
    @On(UserRegistered) registered(): void {}
  }
  @EventHandler({ name: 'mailer', ...({ readModel: 'memory' } as object) })
  class Mailer {
    @On(UserRegistered) registered(): void {}
  }

  it.each([
    [
      'undeclared, with checkpoints in a durable store',
      { projectors: [Undeclared], subscriptions: { store: durableStore } },
      /does not say where its read model lives/,
    ],
    [
      'transactional and in memory',
      { projectors: [Contradictory], subscriptions: { store: durableStore } },
      /transactional .* but declares readModel: 'memory'/,
    ],
    ['an unknown storage', { projectors: [Misspelt] }, /readModel: "disk"; use 'memory' or 'durable'/],
    ['a read model on an event handler', { eventHandlers: [Mailer] }, /readModel, which is for projectors/],
  ])('refuses %s', async (_, options, message) => {
    await expect(createApp({ store, ...options })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', message: expect.stringMatching(message) });
  });

  it('takes an undeclared one to be in memory while checkpoints are in memory too', async () => {
    await expect(createApp({ store, projectors: [Undeclared] })).resolves.toBeDefined();
  });
});
