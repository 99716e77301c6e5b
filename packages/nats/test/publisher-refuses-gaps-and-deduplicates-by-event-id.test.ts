import type { IntegrationMessage } from '@factum/core';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsConfigurationError, NatsPublisher, StreamMismatchError, ensureStream } from '@factum/nats';
import { connectNats, deleteStreams, uniqueName } from './support/nats-server';

const encoder = new TextEncoder();

function message(id: string, previousId: string | null, subject: string): IntegrationMessage {
  return { id, previousId, subject, body: encoder.encode(JSON.stringify({ id })), headers: { 'Factum-Event-Id': id }, streamId: 's' };
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
