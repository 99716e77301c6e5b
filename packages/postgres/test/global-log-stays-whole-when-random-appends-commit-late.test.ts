import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { SubscriptionProbe } from '../../event-store/src/conformance/support/subscription-probe';
import { CountingClient } from './support/counting-client';
import { readLog } from './support/settle';
import { onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

/**
 * Out-of-order commits at scale: a trigger makes a random third of the appends sleep after
 * their insert and before their commit, so later transactions constantly commit first, while
 * 16 writers append. Every subscriber (from the origin, from the head, started late, reading in
 * tiny batches) must receive every event exactly once, in the order of the settled log. The
 * writers outnumber the store's append statements in flight, so many appends go combined, several
 * to one transaction (docs/postgres.md, "Appends under load").
 */
const WRITERS = 16;
const APPENDS_PER_WRITER = 30;

(onServer ? describe : describe.skip)('the global log under 16 writers whose commits are randomly delayed (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;
  let schema: string;
  let client: CountingClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('late');
    backend.dropLater(schema);
    client = new CountingClient(backend.client({ max: WRITERS + 4 }));
    store = new PostgresEventStore(client, { schema, pollIntervalMs: 200, combineAppends: { inFlight: 4, maxGroup: 16 } });
    await store.migrate();
    await client.query(`create function "${schema}".delay_some_commits() returns trigger language plpgsql as $fn$
      begin
        if random() < 0.33 then perform pg_sleep(random() * 0.04); end if;
        return null;
      end $fn$`);
    await client.query(
      `create trigger delay_some_commits after insert on "${schema}".events for each statement execute function "${schema}".delay_some_commits()`,
    );
  });

  afterAll(async () => {
    await store.close();
    await backend.close();
  });

  it('every subscriber gets every event exactly once, in log order', async () => {
    await store.append('seed-1', [{ type: 'Seed', data: null }]);
    const timeoutMs = 60_000;
    const probes: SubscriptionProbe[] = [
      new SubscriptionProbe(store.subscribe({ from: 'origin' }), timeoutMs, 'from the origin'),
      new SubscriptionProbe(store.subscribe({ from: 'origin', batchSize: 7 }), timeoutMs, 'from the origin in batches of 7'),
    ];
    const fromHead = new SubscriptionProbe(store.subscribe({ from: 'head' }), timeoutMs, 'from the head');
    // The head subscription is live once it sees an event appended after it was created.
    let probeMarker: RecordedEvent | undefined;
    while (fromHead.events.length === 0) {
      probeMarker = (await store.append('marker-1', [{ type: 'Marker', data: null }])).events[0];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const appended: RecordedEvent[] = [];
    try {
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          for (let round = 0; round < APPENDS_PER_WRITER; round++) {
            const count = 1 + ((writer + round) % 3);
            const result = await store.append(
              `account-${(writer * 5 + round) % 24}`,
              Array.from({ length: count }, (_, index) => ({ type: 'Moved', data: { writer, round, index } })),
            );
            appended.push(...result.events);
            if (writer === 0 && round === APPENDS_PER_WRITER / 2)
              probes.push(new SubscriptionProbe(store.subscribe({ from: 'origin' }), timeoutMs, 'started late'));
          }
        }),
      );
      expect(client.statements.filter((text) => text.includes('pg_try_advisory_xact_lock')).length).toBeGreaterThan(0);
      const sentinel = (await store.append('sentinel-1', [{ type: 'Sentinel', data: null }])).events[0]!;
      await Promise.all([...probes, fromHead].map((probe) => probe.waitForEvent(sentinel.eventId)));
      const log = await readLog(store);
      const logIds = log.map((event) => event.eventId);
      expect(new Set(logIds).size).toBe(logIds.length);
      expect(logIds).toEqual(expect.arrayContaining(appended.map((event) => event.eventId)));
      for (const probe of probes) expect(probe.events.map((event) => event.eventId)).toEqual(logIds);
      const headStart = logIds.indexOf(fromHead.events[0]!.eventId);
      expect(fromHead.events[0]!.type).toBe('Marker');
      expect(headStart).toBeLessThanOrEqual(logIds.indexOf(probeMarker!.eventId));
      expect(fromHead.events.map((event) => event.eventId)).toEqual(logIds.slice(headStart));
      // The log keeps each stream in version order.
      const lastVersion = new Map<string, number>();
      for (const event of log) {
        expect(event.version).toBe((lastVersion.get(event.streamId) ?? 0) + 1);
        lastVersion.set(event.streamId, event.version);
      }
    } finally {
      for (const probe of [...probes, fromHead]) probe.stop();
    }
  }, 120_000);
});
