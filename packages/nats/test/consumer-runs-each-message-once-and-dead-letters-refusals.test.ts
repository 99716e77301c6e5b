import { createApp, InMemoryEventStore, silentLogger, type App, type DispatchResult } from '@factum/core';
import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS, ensureStream, NatsCommandConsumer, NatsConfigurationError, type InboundMessage } from '@factum/nats';
import { Ledger, RecordPayment } from './support/inbox-domain';
import { connectNats, deleteStreams, uniqueName } from './support/nats-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventsOf(store: InMemoryEventStore, streamId: string) {
  const events = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

describe('the JetStream command consumer (NATS)', () => {
  let nats: NatsConnection;
  const created: string[] = [];
  const consumers: NatsCommandConsumer[] = [];

  beforeAll(async () => {
    nats = await connectNats();
  });
  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop();
  });
  afterAll(async () => {
    await deleteStreams(nats, created);
    await nats.close();
  });

  /** An inbound stream (tiny duplicate window, so a copy published again is stored again) and a dead-letter stream. */
  async function streams(duplicateWindowMs = 100) {
    const names = { inbound: uniqueName('IN'), deadLetters: uniqueName('DLQ'), prefix: uniqueName('in') };
    created.push(names.inbound, names.deadLetters);
    await ensureStream(nats, { name: names.inbound, subjects: [`${names.prefix}.payments`], duplicateWindowMs });
    await ensureStream(nats, { name: names.deadLetters, subjects: [`${names.prefix}.dead`] });
    return names;
  }

  function payment(prefix: string, id: string, data: unknown) {
    const h = headers();
    h.set('Nats-Msg-Id', id);
    return jetstream(nats).publish(`${prefix}.payments`, JSON.stringify(data), { headers: h });
  }

  const toCommand = (message: InboundMessage) => RecordPayment(message.data as { ledgerId: string; paymentId: string; amount: number });

  async function start(app: Pick<App, 'dispatch'>, names: { inbound: string; prefix: string }) {
    const consumer = await NatsCommandConsumer.start({
      connection: nats,
      app,
      stream: names.inbound,
      durable: 'ledger',
      toCommand,
      deadLetterSubject: `${names.prefix}.dead`,
      retryDelayMs: 50,
      logger: silentLogger,
    });
    consumers.push(consumer);
    return consumer;
  }

  async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  async function settled(names: { inbound: string }) {
    const info = await (await jetstreamManager(nats)).consumers.info(names.inbound, 'ledger');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }

  it('runs the command of a message published twice (each copy stored) once', async () => {
    const names = await streams();
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Ledger] });
    const results: DispatchResult[] = [];
    await start({ dispatch: async (command, options) => results[results.push(await app.dispatch(command, options)) - 1]! }, names);

    await payment(names.prefix, 'pay-1', { ledgerId: 'l1', paymentId: 'p1', amount: 10 });
    await sleep(300); // past the stream's duplicate window: the server stores the copy too
    await payment(names.prefix, 'pay-1', { ledgerId: 'l1', paymentId: 'p1', amount: 10 });
    expect((await (await jetstreamManager(nats)).streams.info(names.inbound)).state.messages).toBe(2);

    await waitUntil(async () => results.length === 2 && (await settled(names)), 'both copies to be handled');
    expect(results.map((result) => result.alreadyHandled)).toEqual([false, true]);
    expect(results[0]!.commandId).toBe(results[1]!.commandId);
    const events = await eventsOf(store, 'ledger-l1');
    expect(events.map((event) => event.data)).toEqual([{ ledgerId: 'l1', paymentId: 'p1', amount: 10 }]);
  });

  it('redelivers a message whose acknowledgement never came, and appends its events once', async () => {
    const names = await streams();
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Ledger] });
    const results: DispatchResult[] = [];
    // The first dispatch commits, then "the connection drops" before the consumer can acknowledge.
    const flaky = {
      dispatch: async (...args: Parameters<App['dispatch']>) => {
        const result = await app.dispatch(...args);
        results.push(result);
        if (results.length === 1) throw new Error('connection reset after the commit');
        return result;
      },
    };
    await start(flaky, names);
    await payment(names.prefix, 'pay-2', { ledgerId: 'l2', paymentId: 'p2', amount: 25 });

    await waitUntil(async () => results.length === 2 && (await settled(names)), 'the redelivery to be handled');
    expect(results.map((result) => result.alreadyHandled)).toEqual([false, true]);
    expect((await eventsOf(store, 'ledger-l2')).map((event) => event.data)).toEqual([{ ledgerId: 'l2', paymentId: 'p2', amount: 25 }]);
    expect((await app.load(Ledger, 'l2'))?.total).toBe(25);
  });

  it('sends a message whose command is refused to the dead-letter subject, with the error, and goes on', async () => {
    const names = await streams();
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Ledger] });
    await start(app, names);

    await payment(names.prefix, 'pay-big', { ledgerId: 'l3', paymentId: 'big', amount: 5_000 });
    await payment(names.prefix, 'pay-bad', { ledgerId: '', paymentId: 'bad', amount: 1 });
    await payment(names.prefix, 'pay-ok', { ledgerId: 'l3', paymentId: 'ok', amount: 7 });

    const deadLetters = await jetstream(nats).consumers.get(names.deadLetters);
    const received: { data: unknown; headers: Record<string, string | undefined> }[] = [];
    const messages: ConsumerMessages = await deadLetters.consume();
    for await (const message of messages) {
      received.push({
        data: message.json(),
        headers: Object.fromEntries(Object.values(DEAD_LETTER_HEADERS).map((name) => [name, message.headers?.get(name)])),
      });
      if (received.length === 2) break;
    }
    expect(received[0]).toEqual({
      data: { ledgerId: 'l3', paymentId: 'big', amount: 5_000 },
      headers: {
        [DEAD_LETTER_HEADERS.errorCode]: 'PaymentOverLimit',
        [DEAD_LETTER_HEADERS.errorMessage]: 'payment big of 5000 is over the limit of 1000',
        [DEAD_LETTER_HEADERS.sourceSubject]: `${names.prefix}.payments`,
        [DEAD_LETTER_HEADERS.sourceStream]: names.inbound,
        [DEAD_LETTER_HEADERS.sourceSequence]: '1',
        [DEAD_LETTER_HEADERS.sourceMessageId]: 'pay-big',
      },
    });
    expect(received[1]!.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('VALIDATION_FAILED');
    expect(received[1]!.headers[DEAD_LETTER_HEADERS.sourceMessageId]).toBe('pay-bad');

    await waitUntil(() => settled(names), 'every message to be acknowledged');
    expect((await eventsOf(store, 'ledger-l3')).map((event) => (event.data as { paymentId: string }).paymentId)).toEqual(['ok']);
  });

  it('refuses bad options and a dead-letter subject no stream keeps, with typed errors', async () => {
    const names = await streams();
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Ledger] });
    const base = { connection: nats, app, stream: names.inbound, durable: 'ledger', toCommand, deadLetterSubject: `${names.prefix}.dead` };
    await expect(NatsCommandConsumer.start({ ...base, durable: 'has spaces' })).rejects.toThrow(NatsConfigurationError);
    await expect(NatsCommandConsumer.start({ ...base, retryDelayMs: 0 })).rejects.toThrow(/retryDelayMs is 0/);
    await expect(NatsCommandConsumer.start({ ...base, deadLetterSubject: `${names.prefix}.nowhere` })).rejects.toMatchObject({
      code: 'NATS_CONFIGURATION_ERROR',
      message: expect.stringContaining(`${names.prefix}.nowhere`),
    });
  });
});
