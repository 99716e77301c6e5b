import { isFactumError, WrongExpectedVersionError } from '@factum/event-store';
import { PostgresEventStore, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { deferred } from './support/wait';

/**
 * Expected versions are enforced by the database, one stream at a time: writers of one stream
 * queue behind each other, writers of different streams do not wait for each other at all.
 * Needs concurrent connections, so a PostgreSQL server.
 */
const describeOnServer = onServer ? describe : describe.skip;

describeOnServer('concurrent writers (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('writers');
    backend.dropLater(schema);
    client = backend.client({ max: 16 });
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  async function sequenceValue(): Promise<number> {
    const { rows } = await client.query<{ value: string }>(`select coalesce(last_value, 0)::text as value from "${schema}".events_position_seq`);
    return Number(rows[0]!.value);
  }

  it('16 writers racing on one stream with the same expectedVersion: one wins each round, 15 get WrongExpectedVersionError', async () => {
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 16 }, (_, writer) =>
          store.append('account-1', [{ type: 'Deposited', data: { round, writer } }], { expectedVersion: round === 0 ? 'no-stream' : round }),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(15);
      for (const error of lost) {
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(round + 1);
      }
    }
    const stream = await collect(store.readStream('account-1'));
    expect(stream.map((event) => event.version)).toEqual(Array.from({ length: rounds }, (_, index) => index + 1));
    // Losers were refused before drawing a position: the sequence moved once per stored event.
    expect(await sequenceValue()).toBe(rounds);
  });

  it('16 writers hammering one stream (read version, append expecting it): every version exactly once, every refusal a WrongExpectedVersionError', async () => {
    const attemptsPerWriter = 25;
    const won: string[] = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: 16 }, async (_, writer) => {
        for (let attempt = 0; attempt < attemptsPerWriter; attempt++) {
          const version = await store.streamVersion('counter-1');
          try {
            const result = await store.append('counter-1', [{ type: 'Incremented', data: { writer, attempt } }], { expectedVersion: version });
            expect(result.version).toBe(version + 1);
            won.push(result.events[0]!.eventId);
          } catch (error) {
            if (!isFactumError(error, WrongExpectedVersionError.code)) throw error;
            refused++;
          }
        }
      }),
    );
    expect(won.length + refused).toBe(16 * attemptsPerWriter);
    expect(won.length).toBeGreaterThan(0);
    const stream = await collect(store.readStream('counter-1'));
    expect(stream.map((event) => event.version)).toEqual(Array.from({ length: won.length }, (_, index) => index + 1));
    expect(stream.map((event) => event.eventId).sort()).toEqual([...won].sort());
    expect(await sequenceValue()).toBe(won.length);
    // The global log keeps the stream in version order even under this contention.
    expect((await readLog(store)).map((event) => event.version)).toEqual(stream.map((event) => event.version));
  });

  it('16 writers on 16 streams all succeed, none refused', async () => {
    const appendsPerWriter = 30;
    await Promise.all(
      Array.from({ length: 16 }, async (_, writer) => {
        for (let version = 0; version < appendsPerWriter; version++) {
          await store.append(`account-${writer}`, [{ type: 'Deposited', data: { version } }], { expectedVersion: version === 0 ? 'no-stream' : version });
        }
      }),
    );
    for (let writer = 0; writer < 16; writer++) expect(await store.streamVersion(`account-${writer}`)).toBe(appendsPerWriter);
    const log = await readLog(store);
    expect(log).toHaveLength(16 * appendsPerWriter);
  });

  it("an open append to one stream blocks only that stream's writers, never writers of other streams", async () => {
    const appended = deferred();
    const release = deferred();
    const held = client.transaction(async (tx) => {
      await store.append('busy-1', [{ type: 'Opened', data: null }], { transaction: tx });
      appended.resolve();
      await release.promise;
    });
    await appended.promise;
    let sameStreamDone = false;
    const sameStream = store.append('busy-1', [{ type: 'Next', data: null }], { expectedVersion: 1 }).finally(() => (sameStreamDone = true));
    try {
      // Other streams append while busy-1's transaction is open: no global lock.
      const started = Date.now();
      await Promise.all(Array.from({ length: 8 }, (_, index) => store.append(`free-${index}`, [{ type: 'Opened', data: null }])));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(sameStreamDone).toBe(false);
    } finally {
      release.resolve();
      await held;
    }
    // The queued writer of busy-1 went ahead once the first committed, on top of it.
    expect((await sameStream).version).toBe(2);
  });

  it("concurrent 'any' appends to one stream land on consecutive versions, and the global log keeps them in version order", async () => {
    await Promise.all(
      Array.from({ length: 16 }, (_, writer) =>
        Promise.all(
          Array.from({ length: 5 }, (__, index) =>
            store.append('shared-1', [
              { type: 'A', data: { writer, index } },
              { type: 'B', data: null },
            ]),
          ),
        ),
      ),
    );
    const log = await readLog(store);
    expect(log.map((event) => event.version)).toEqual(Array.from({ length: 160 }, (_, index) => index + 1));
  });
});
