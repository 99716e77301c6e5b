import { PostgresEventStore } from '@factum/postgres';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { INTEGRATION_HEADERS } from '@factum/core';
import { ensureStream } from '../src/streams/ensure-stream';
import { spawnChild, type Child } from './support/child-process';
import { DATABASE_URL, openTestSchema, type TestSchema } from './support/database';
import { connectNats, deleteStreams, natsTarget, uniqueName } from './support/nats-server';
import { TcpProxy } from './support/tcp-proxy';

const STREAMS = 40;
const PER_STREAM = 150;
const TOTAL = STREAMS * PER_STREAM;
const PER_APPEND = 10;
const PARTITIONS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Two child processes share the partitions of one publisher: this test needs a server (DATABASE_URL; always set in CI).
(DATABASE_URL ? describe : describe.skip)('a partitioned relay to JetStream in two processes, killed while it publishes (PostgreSQL, NATS)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let nats: NatsConnection;
  let proxy: TcpProxy;
  const stream = uniqueName('PARTS');
  const prefix = uniqueName('parts');
  const children: (Child | undefined)[] = [undefined, undefined];

  beforeAll(async () => {
    db = await openTestSchema('parts');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    nats = await connectNats();
    proxy = await TcpProxy.start(natsTarget());
    await ensureStream(nats, { name: stream, subjects: [`${prefix}.>`] });
  });
  afterAll(async () => {
    for (const child of children) await child?.kill('SIGKILL');
    await proxy?.close();
    await deleteStreams(nats, [stream]);
    await nats?.close();
    await store?.close();
    await db?.drop();
  });

  it('delivers each event once, in per-stream order, while its partitions publish concurrently from two processes through SIGKILLs and a cut connection', async () => {
    const start = async (slot: number) => {
      const child = spawnChild('relay-child.ts', {
        DATABASE_URL: DATABASE_URL!,
        SCHEMA: db.schema,
        NATS_URL: `127.0.0.1:${proxy.port}`,
        STREAM: stream,
        PREFIX: prefix,
        PARTITIONS: String(PARTITIONS),
      });
      children[slot] = child;
      await child.waitFor((report) => report['ready'] === true, `relay ${slot} to start`);
    };
    const manager = await jetstreamManager(nats);
    const stored = async () => (await manager.streams.info(stream)).state.messages;

    let appended = 0;
    const writer = (async () => {
      for (let round = 0; round < PER_STREAM / PER_APPEND; round++) {
        for (let s = 0; s < STREAMS; s++) {
          const events = Array.from({ length: PER_APPEND }, (_, i) => ({ type: 'Counted', data: { n: round * PER_APPEND + i + 1 } }));
          await store.append(`counter-${s}`, events);
          appended += PER_APPEND;
        }
        await sleep(2);
      }
    })();

    await Promise.all([start(0), start(1)]);
    // Both processes publish (each holds some partitions) when the disruptions land.
    const disruptions = ['kill 0', 'kill 1', 'cut', 'kill 0'] as const;
    for (const disruption of disruptions) {
      const before = await stored();
      const deadline = Date.now() + 20_000;
      while ((await stored()) < Math.min(before + 300, TOTAL - 200) && Date.now() < deadline) await sleep(20);
      if (disruption === 'cut') {
        proxy.cut();
        await sleep(300);
        proxy.restore();
      } else {
        const slot = disruption === 'kill 0' ? 0 : 1;
        await children[slot]!.kill('SIGKILL');
        await start(slot);
      }
    }
    await writer;
    expect(appended).toBe(TOTAL);

    const deadline = Date.now() + 60_000;
    while ((await stored()) < TOTAL && Date.now() < deadline) await sleep(100);
    // Time for a late copy to show up, were any to be stored.
    await sleep(1_000);
    for (const child of children) await child!.kill('SIGKILL');
    expect(await stored()).toBe(TOTAL);

    const js = jetstream(nats);
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const seen = new Set<string>();
    const lastVersion = new Map<string, number>();
    const outOfOrder: string[] = [];
    for await (const message of await consumer.consume()) {
      const eventId = message.headers!.get(INTEGRATION_HEADERS.eventId);
      const streamId = message.headers!.get(INTEGRATION_HEADERS.streamId);
      const version = Number(message.headers!.get(INTEGRATION_HEADERS.streamVersion));
      seen.add(eventId);
      if (version !== (lastVersion.get(streamId) ?? 0) + 1) outOfOrder.push(`${streamId} v${version} after v${lastVersion.get(streamId) ?? 0}`);
      lastVersion.set(streamId, version);
      if (message.info.pending === 0) break;
    }
    expect(outOfOrder).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect(lastVersion.size).toBe(STREAMS);
    expect([...lastVersion.values()].every((version) => version === PER_STREAM)).toBe(true);
  }, 150_000);
});
