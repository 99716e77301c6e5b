import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, On, Projector, silentLogger, type App } from '@factum/core';
import { SlowSharedLocks } from './support/slow-locks';
import { eventually } from './support/subscriber-fixtures';
import { TimerLateness } from './support/timer-lateness';

const Booked = defineEvent('BalancingBooked', z.object({ n: z.number().int() }));
const INTERVAL_MS = 200;
let handled = 0;

@Projector({ name: 'ledger', partitions: 8, readModel: 'durable' })
class Ledger {
  @On(Booked)
  async booked(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    handled++;
  }
}

/** `count` processes (apps) sharing one store, one subscriber store and one set of leases, as processes share Postgres. */
function processes(count: number, store: InMemoryEventStore, subscribers: InMemorySubscriberStore, locks: SlowSharedLocks): Promise<App[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      createApp({
        store,
        projectors: [Ledger],
        logger: silentLogger,
        subscriptions: {
          store: subscribers,
          locks: locks.forProcess(`p${i}`),
          processName: `p${i}`,
          takeoverIntervalMs: INTERVAL_MS,
          drainTimeoutMs: 2_000,
        },
      }),
    ),
  );
}

async function held(app: App): Promise<number> {
  return (await app.subscribers.status()).filter((status) => status.active).length;
}

async function backlog(store: InMemoryEventStore, events: number): Promise<void> {
  for (let i = 0; i < events; i++) await store.append(`account-${i % 40}`, [Booked({ n: i })]);
}

beforeEach(() => {
  handled = 0;
});

it('four processes started within milliseconds of each other take two partitions each, and none changes hands', async () => {
  const store = new InMemoryEventStore();
  await backlog(store, 800);
  const subscribers = new InMemorySubscriberStore();
  const locks = new SlowSharedLocks(2);
  const apps = await processes(4, store, subscribers, locks);
  try {
    // As a deploy starts them: a few milliseconds apart, each while the others count the members.
    await Promise.all(apps.map((app, i) => new Promise((resolve) => setTimeout(resolve, 8 * i)).then(() => app.start())));
    await eventually(() => handled === 800, 'all 800 events handled', 20_000);
    const changes = locks.partitionChanges();
    // Each partition was taken once, and never released: no process took more than its share.
    expect(changes.filter((change) => change.change === '-')).toEqual([]);
    expect(changes.map((change) => change.name).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `ledger#${i}`));
    expect(await Promise.all(apps.map(held))).toEqual([2, 2, 2, 2]);
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
});

it('a process that joins gets its share: exactly the surplus is handed over, each partition taken at its next attempt', async () => {
  const store = new InMemoryEventStore();
  const subscribers = new InMemorySubscriberStore();
  const locks = new SlowSharedLocks(2);
  const [first, second, third, joiner] = await processes(4, store, subscribers, locks);
  const running = [first!, second!, third!];
  const lateness = new TimerLateness();
  lateness.start();
  try {
    await Promise.all(running.map((app) => app.start()));
    await eventually(async () => (await Promise.all(running.map(held))).sort().join() === '2,3,3', 'a 3/3/2 split');
    await backlog(store, 400);
    const before = locks.partitionChanges().length;
    await joiner!.start();
    running.push(joiner!);
    await eventually(async () => (await held(joiner!)) === 2, 'the joiner holds 2 partitions', 10_000);
    const changes = locks.partitionChanges().slice(before);
    const released = changes.filter((change) => change.change === '-');
    const taken = changes.filter((change) => change.by === 'p3');
    expect(released).toHaveLength(2);
    expect(taken.map((change) => change.name).sort()).toEqual(released.map((change) => change.name).sort());
    // Each released partition is taken by the joiner at its next attempt: within one takeover
    // interval of its release (a partition refused while the joiner's claims on busy ones filled
    // its share used to wait two intervals or more). Bounded at one and a half intervals plus
    // however late this process's timers ran meanwhile, so that a loaded machine, which delays
    // the code's timers, does not decide the outcome.
    for (const release of released) {
      const take = taken.find((change) => change.name === release.name)!;
      expect(take.at - release.at).toBeLessThanOrEqual(1.5 * INTERVAL_MS + lateness.between(release.at, take.at));
    }
    await eventually(() => handled === 400, 'all 400 events handled', 20_000);
  } finally {
    lateness.stop();
    await Promise.all(running.map((app) => app.stop()));
  }
});
