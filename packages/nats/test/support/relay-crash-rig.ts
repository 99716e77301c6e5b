// What the relay's crash tests share: a store on its own schema, a JetStream stream reached by the
// relay children through a proxy that can cut their connection, a writer appending counters while
// they run, and a reader that checks what the stream holds.
import { PostgresEventStore } from '@factum/postgres';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { INTEGRATION_HEADERS } from '@factum/core';
import { ensureStream } from '../../src/streams/ensure-stream';
import { spawnChild, type Child } from './child-process';
import { DATABASE_URL, openTestSchema, type TestSchema } from './database';
import { connectNats, deleteStreams, natsTarget, uniqueName } from './nats-server';
import { TcpProxy } from './tcp-proxy';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RelayCrashRig {
  db: TestSchema;
  store: PostgresEventStore;
  nats: NatsConnection;
  proxy: TcpProxy;
  stream: string;
  prefix: string;
  /** A relay child (relay-child.ts) publishing through the proxy, started and ready. */
  startRelay(env?: Record<string, string>): Promise<Child>;
  /** Messages the JetStream stream holds. */
  stored(): Promise<number>;
  close(): Promise<void>;
}

export async function openRelayCrashRig(label: string): Promise<RelayCrashRig> {
  const db = await openTestSchema(label);
  const store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  const nats = await connectNats();
  const proxy = await TcpProxy.start(natsTarget());
  const stream = uniqueName(label.toUpperCase());
  const prefix = uniqueName(label);
  await ensureStream(nats, { name: stream, subjects: [`${prefix}.>`] });
  const manager = await jetstreamManager(nats);
  const children: Child[] = [];
  return {
    db,
    store,
    nats,
    proxy,
    stream,
    prefix,
    async startRelay(env = {}) {
      const child = spawnChild('relay-child.ts', {
        DATABASE_URL: DATABASE_URL!,
        SCHEMA: db.schema,
        NATS_URL: `127.0.0.1:${proxy.port}`,
        STREAM: stream,
        PREFIX: prefix,
        ...env,
      });
      children.push(child);
      await child.waitFor((report) => report['ready'] === true, 'a relay to start');
      return child;
    },
    async stored() {
      return (await manager.streams.info(stream)).state.messages;
    },
    async close() {
      for (const child of children) await child.kill('SIGKILL');
      await proxy.close();
      await deleteStreams(nats, [stream]);
      await nats.close();
      await store.close();
      await db.drop();
    },
  };
}

export interface CounterWriter {
  done: Promise<void>;
  appended(): number;
}

/** Appends `perStream` counters (`{ n }`, 1 up) to each of `streams` streams, `perAppend` at a time, round-robin. */
export function writeCounters(store: PostgresEventStore, shape: { streams: number; perStream: number; perAppend: number; pauseMs: number }): CounterWriter {
  let appended = 0;
  const done = (async () => {
    for (let round = 0; round < shape.perStream / shape.perAppend; round++) {
      for (let s = 0; s < shape.streams; s++) {
        const events = Array.from({ length: shape.perAppend }, (_, i) => ({ type: 'Counted', data: { n: round * shape.perAppend + i + 1 } }));
        await store.append(`counter-${s}`, events);
        appended += shape.perAppend;
      }
      await sleep(shape.pauseMs);
    }
  })();
  return { done, appended: () => appended };
}

/** Waits until the stream holds 300 more messages (or nearly all of `total`): a disruption then lands mid-flight. */
export async function whilePublishing(rig: RelayCrashRig, total: number): Promise<void> {
  const before = await rig.stored();
  const deadline = Date.now() + 20_000;
  while ((await rig.stored()) < Math.min(before + 300, total - 200) && Date.now() < deadline) await sleep(20);
}

/** Waits (up to 60 s) for `total` messages, then a second more for a late copy to show up, were any to be stored. */
export async function settle(rig: RelayCrashRig, total: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await rig.stored()) < total && Date.now() < deadline) await sleep(100);
  await sleep(1_000);
}

export interface ReadBack {
  /** Event ids seen. */
  seen: Set<string>;
  /** The last version seen per Factum stream. */
  lastVersion: Map<string, number>;
  /** Messages whose version did not follow the previous one of their stream. */
  outOfOrder: string[];
}

/** Reads the whole JetStream stream with a consumer, checking each message with `check` too. */
export async function readBack(rig: RelayCrashRig, check?: (message: JsMsg, streamId: string, version: number) => void): Promise<ReadBack> {
  const consumer = await jetstream(rig.nats).consumers.get(rig.stream, { deliver_policy: DeliverPolicy.All });
  const result: ReadBack = { seen: new Set(), lastVersion: new Map(), outOfOrder: [] };
  for await (const message of await consumer.consume()) {
    const eventId = message.headers!.get(INTEGRATION_HEADERS.eventId);
    const streamId = message.headers!.get(INTEGRATION_HEADERS.streamId);
    const version = Number(message.headers!.get(INTEGRATION_HEADERS.streamVersion));
    result.seen.add(eventId);
    const last = result.lastVersion.get(streamId) ?? 0;
    if (version !== last + 1) result.outOfOrder.push(`${streamId} v${version} after v${last}`);
    result.lastVersion.set(streamId, version);
    check?.(message, streamId, version);
    if (message.info.pending === 0) break;
  }
  return result;
}
