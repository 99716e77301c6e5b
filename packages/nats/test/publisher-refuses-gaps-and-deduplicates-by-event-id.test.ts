import type { IntegrationMessage } from '@factum/core';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsConfigurationError, NatsPublisher, StreamMismatchError, ensureStream } from '@factum/nats';
import { connectNats, deleteStreams, uniqueName } from './support/nats-server';

const encoder = new TextEncoder();

function message(id: string, previousId: string | null, subject: string): IntegrationMessage {
  return {
    id,
    previousId,
    subject,
    body: encoder.encode(JSON.stringify({ id })),
    headers: { 'Factum-Event-Id': id },
    streamId: 's',
    chain: 'c',
    partition: null,
  };
}

/** A message of partition `index` of 2, of event stream `streamId`. */
function partitionMessage(index: number, streamId: string, id: string, previousId: string | null, subject: string): IntegrationMessage {
  return { ...message(id, previousId, subject), streamId, chain: `c#${index}`, partition: { index, count: 2 } };
}

describe('the JetStream publisher (NATS)', () => {
  let nats: NatsConnection;
  const created: string[] = [];

  beforeAll(async () => {
    nats = await connectNats();
  });
  afterAll(async () => {
    await deleteStreams(nats, created);
    await nats.close();
  });

  async function freshStream() {
    const name = uniqueName('PUB');
    const subject = `${uniqueName('pub')}.out`;
    created.push(name);
    const publisher = await NatsPublisher.create({ connection: nats, stream: { name, subjects: [subject] } });
    const ids = async () => {
      const consumer = await jetstream(nats).consumers.get(name, { deliver_policy: DeliverPolicy.All });
      const out: string[] = [];
      const total = (await (await jetstreamManager(nats)).streams.info(name)).state.messages;
      if (total === 0) return out;
      for await (const received of await consumer.consume()) {
        out.push(received.headers!.get('Nats-Msg-Id'));
        if (received.info.pending === 0) break;
      }
      return out;
    };
    return { publisher, subject, ids };
  }

  it('refuses a message whose predecessor never arrived, so a later message never overtakes a lost one', async () => {
    const { publisher, subject, ids } = await freshStream();
    await publisher.publish(message('m1', null, subject));
    // m2 was lost on the way (a dropped connection); m3 names it as its predecessor.
    await expect(publisher.publish(message('m3', 'm2', subject))).rejects.toThrow(/wrong last msg ID/);
    expect(await ids()).toEqual(['m1']);

    // The run starts over from the checkpoint (after m0, say): m1 again is a copy, then m2 and m3 in order.
    for (const [id, previous] of [
      ['m1', null],
      ['m2', 'm1'],
      ['m3', 'm2'],
    ] as const)
      await publisher.publish(message(id, previous, subject));
    expect(await ids()).toEqual(['m1', 'm2', 'm3']);
  });

  it('stores a message published again once (the server drops the copy by its id), also when pipelined', async () => {
    const { publisher, subject, ids } = await freshStream();
    const first = Array.from({ length: 50 }, (_, i) => publisher.publish(message(`e${i}`, i === 0 ? null : `e${i - 1}`, subject)));
    await Promise.all(first);
    // A relay restarted from an older checkpoint publishes e20.. again, then goes on with new ones.
    const again = Array.from({ length: 40 }, (_, i) => publisher.publish(message(`e${20 + i}`, i === 0 ? null : `e${19 + i}`, subject)));
    await Promise.all(again);
    expect(await ids()).toEqual(Array.from({ length: 60 }, (_, i) => `e${i}`));
  });

  it('sends one at a time until the server stores a message of the run, then pipelines', async () => {
    const name = uniqueName('PIPE');
    const subject = `${uniqueName('pipe')}.out`;
    created.push(name);
    const own = await connectNats();
    try {
      const publisher = await NatsPublisher.create({ connection: own, stream: { name, subjects: [subject] } });
      const written = () => own.stats().outMsgs;
      // Two turns of the event loop: messages are written at the end of the turn they were given in.
      const tick = async () => {
        for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      };
      const before = written();
      const all = Array.from({ length: 101 }, (_, i) => publisher.publish(message(`p${i}`, i === 0 ? null : `p${i - 1}`, subject)));
      // Nothing stored yet: the rest wait for the first one's acknowledgement.
      await tick();
      expect(written() - before).toBe(1);
      await all[0];
      // Stored: the hundred queued are all on the wire before the next acknowledgement can come back.
      await tick();
      expect(written() - before).toBe(101);
      await Promise.all(all);
    } finally {
      await own.close();
    }
  });

  it('does not send what an abandoned run still had queued', async () => {
    const { publisher, subject, ids } = await freshStream();
    const outcome = (published: Promise<void>) =>
      published.then(
        () => 'sent',
        (error: Error) => error.message,
      );
    // A run not yet confirmed by a stored message sends one at a time, so these wait in its queue...
    const a = outcome(publisher.publish(message('a1', null, subject)));
    const b = outcome(publisher.publish(message('a2', 'a1', subject)));
    // ...when a new run starts from the checkpoint.
    const c = outcome(publisher.publish(message('a1', null, subject)));
    expect(await Promise.all([a, b, c])).toEqual([
      'message a1 was not sent: a new run began from the checkpoint; it is published again from the checkpoint',
      'message a2 was not sent: a new run began from the checkpoint; it is published again from the checkpoint',
      'sent',
    ]);
    expect(await ids()).toEqual(['a1']);
  });

  it('lets the partitions of a publisher share a stream: each keeps its own run, in order per event stream, pipelined across streams', async () => {
    const { publisher, subject, ids } = await freshStream();
    // Two partitions, each with five event streams of 20 messages, all handed over at once.
    const sent: Promise<void>[] = [];
    const previous = new Map<number, string | null>([
      [0, null],
      [1, null],
    ]);
    for (let n = 0; n < 20; n++) {
      for (let s = 0; s < 10; s++) {
        const index = s % 2;
        const id = `s${s}-${n}`;
        sent.push(publisher.publish(partitionMessage(index, `s${s}`, id, previous.get(index)!, subject)));
        previous.set(index, id);
      }
    }
    await Promise.all(sent);
    const stored = await ids();
    expect(stored).toHaveLength(200);
    for (let s = 0; s < 10; s++) {
      expect(stored.filter((id) => id.startsWith(`s${s}-`))).toEqual(Array.from({ length: 20 }, (_, n) => `s${s}-${n}`));
    }
    // A partition starting a new run leaves the other's alone; copies are dropped by id.
    await publisher.publish(partitionMessage(0, 's0', 's0-19', null, subject));
    await publisher.publish(partitionMessage(1, 's1', 's1-20', 's1-19', subject));
    expect(await ids()).toHaveLength(201);
  });

  it('sends a message of a partition only once the one before it of its event stream is acknowledged', async () => {
    const { publisher, subject } = await freshStream();
    const settled: string[] = [];
    const track = (id: string, published: Promise<void>) => published.then(() => settled.push(id));
    // x1 and x2 of one stream, y1 of another: y1 does not wait for x1, x2 does.
    const all = [
      track('x1', publisher.publish(partitionMessage(0, 'x', 'x1', null, subject))),
      track('x2', publisher.publish(partitionMessage(0, 'x', 'x2', 'x1', subject))),
      track('y1', publisher.publish(partitionMessage(0, 'y', 'y1', 'x2', subject))),
    ];
    await Promise.all(all);
    expect(settled.indexOf('x1')).toBeLessThan(settled.indexOf('x2'));
    expect(settled.indexOf('y1')).toBeLessThan(settled.indexOf('x2'));
  });

  it('creates its stream, accepts it as it is, and names what differs when it does not match', async () => {
    const name = uniqueName('ENSURE');
    const subject = `${uniqueName('ensure')}.>`;
    created.push(name);
    const info = await ensureStream(nats, { name, subjects: [subject], duplicateWindowMs: 60_000, retention: 'limits' });
    expect(info.config.duplicate_window).toBe(60_000 * 1e6);
    await expect(ensureStream(nats, { name, subjects: [subject], duplicateWindowMs: 60_000 })).resolves.toBeDefined();
    const mismatch = ensureStream(nats, { name, subjects: [subject, 'other.>'], retention: 'workqueue', duplicateWindowMs: 120_000 });
    await expect(mismatch).rejects.toThrow(StreamMismatchError);
    await expect(mismatch).rejects.toThrow(/other\.>.*retention is 'limits', not 'workqueue'.*duplicate window is 60000 ms/);
    await expect(ensureStream(nats, { name: 'bad name', subjects: [subject] })).rejects.toThrow(NatsConfigurationError);
    await expect(ensureStream(nats, { name, subjects: [] })).rejects.toThrow(/needs subjects/);
    await expect(NatsPublisher.create({ connection: undefined as never })).rejects.toMatchObject({ code: 'NATS_CONFIGURATION_ERROR' });
    await expect(NatsPublisher.create({ connection: nats, ackTimeoutMs: -1 })).rejects.toThrow(/ackTimeoutMs is -1/);
  });
});
