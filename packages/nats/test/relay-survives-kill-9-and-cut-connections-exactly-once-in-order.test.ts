import { PostgresEventStore } from '@factum/postgres';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { INTEGRATION_HEADERS } from '@factum/core';
import { ensureStream } from '../src/streams/ensure-stream';
import { spawnChild, type Child } from './support/child-process';
import { DATABASE_URL, openTestSchema, type TestSchema } from './support/database';
import { connectNats, deleteStreams, natsTarget, uniqueName } from './support/nats-server';
import { TcpProxy } from './support/tcp-proxy';

const STREAMS = 50;
const PER_STREAM = 200;
const TOTAL = STREAMS * PER_STREAM;
const PER_APPEND = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A child process cannot share an in-memory database: this test needs a server (DATABASE_URL; always set in CI).
(DATABASE_URL ? describe : describe.skip)('the relay to JetStream, killed and cut off while it publishes (PostgreSQL, NATS)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let nats: NatsConnection;
  let proxy: TcpProxy;
  const stream = uniqueName('RELAY');
  const prefix = uniqueName('relay');
  let child: Child | undefined;

  beforeAll(async () => {
    db = await openTestSchema('relay');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    nats = await connectNats();
    proxy = await TcpProxy.start(natsTarget());
    await ensureStream(nats, { name: stream, subjects: [`${prefix}.>`] });
  });
  afterAll(async () => {
    await child?.kill('SIGKILL');
    await proxy?.close();
    await deleteStreams(nats, [stream]);
    await nats?.close();
    await store?.close();
    await db?.drop();
  });

  it('delivers each of 10,000 events exactly once, in per-stream order, through 5 SIGKILLs and 3 cut connections', async () => {
    const startRelay = async () => {
      child = spawnChild('relay-child.ts', {
        DATABASE_URL: DATABASE_URL!,
        SCHEMA: db.schema,
        NATS_URL: `127.0.0.1:${proxy.port}`,
        STREAM: stream,
        PREFIX: prefix,
      });
      await child.waitFor((report) => report['ready'] === true, 'the relay to start');
    };
    const manager = await jetstreamManager(nats);
    const stored = async () => (await manager.streams.info(stream)).state.messages;

    // The writer appends 10,000 events, ten at a time, round-robin over 50 streams, while the relay runs.
    let appended = 0;
    const writer = (async () => {
      for (let round = 0; round < PER_STREAM / PER_APPEND; round++) {
        for (let s = 0; s < STREAMS; s++) {
          const events = Array.from({ length: PER_APPEND }, (_, i) => ({ type: 'Counted', data: { n: round * PER_APPEND + i + 1 } }));
          await store.append(`counter-${s}`, events);
          appended += PER_APPEND;
        }
        await sleep(1);
      }
    })();

    await startRelay();
    // Each disruption waits for the relay to have published more since the last one, so every one lands mid-flight.
    // A cut follows a restart, when the relay is catching up with many messages in flight.
    const disruptions = ['kill', 'cut', 'kill', 'cut', 'kill', 'cut', 'kill', 'kill'] as const;
    let kills = 0;
    let cuts = 0;
    for (const disruption of disruptions) {
      const before = await stored();
      const deadline = Date.now() + 20_000;
      while ((await stored()) < Math.min(before + 300, TOTAL - 200) && Date.now() < deadline) await sleep(20);
      if (disruption === 'kill') {
        await child!.kill('SIGKILL');
        kills++;
        await startRelay();
      } else {
        proxy.cut();
        cuts++;
        await sleep(300);
        proxy.restore();
      }
    }
    expect({ kills, cuts }).toEqual({ kills: 5, cuts: 3 });
    await writer;
    expect(appended).toBe(TOTAL);

    const deadline = Date.now() + 60_000;
    while ((await stored()) < TOTAL && Date.now() < deadline) await sleep(100);
    // Time for a late copy to show up, were any to be stored.
    await sleep(1_000);
    await child!.kill('SIGKILL');
    expect(await stored()).toBe(TOTAL);

    // A JetStream consumer reads the stream: each event once, and each Factum stream in order.
    const js = jetstream(nats);
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const seen = new Set<string>();
    const lastVersion = new Map<string, number>();
    const outOfOrder: string[] = [];
    const messages = await consumer.consume();
    for await (const message of messages) {
      const eventId = message.headers!.get(INTEGRATION_HEADERS.eventId);
      const streamId = message.headers!.get(INTEGRATION_HEADERS.streamId);
      const version = Number(message.headers!.get(INTEGRATION_HEADERS.streamVersion));
      seen.add(eventId);
      if (version !== (lastVersion.get(streamId) ?? 0) + 1) outOfOrder.push(`${streamId} v${version} after v${lastVersion.get(streamId) ?? 0}`);
      lastVersion.set(streamId, version);
      expect(message.subject).toBe(`${prefix}.${streamId}`);
      expect(message.json<{ n: number }>().n).toBe(version);
      if (message.info.pending === 0) break;
    }
    expect(outOfOrder).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect([...lastVersion.values()].every((version) => version === PER_STREAM)).toBe(true);
  }, 150_000);
});
