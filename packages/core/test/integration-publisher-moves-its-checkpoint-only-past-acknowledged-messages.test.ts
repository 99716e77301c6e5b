import { InMemoryEventStore, InMemorySubscriberStore, type RecordedEvent } from '@factum/event-store';
import {
  ConfigurationError,
  createApp,
  defineEvent,
  INTEGRATION_BROKER,
  INTEGRATION_HEADERS,
  IntegrationPublisher,
  InvalidOutgoingMessageError,
  On,
  silentLogger,
  type DecodedEvent,
  type IntegrationBroker,
  type IntegrationMessage,
  type IntegrationPublisherOptions,
} from '@factum/core';
import { Container } from 'inversify';
import { z } from 'zod';

const Shipped = defineEvent('Shipped', z.object({ orderId: z.string(), parcels: z.number() }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A broker whose acknowledgements the test gives (or refuses) by hand. */
class HandAckedBroker implements IntegrationBroker {
  readonly sent: IntegrationMessage[] = [];
  private readonly acks: { resolve: () => void; reject: (error: Error) => void }[] = [];
  publish(message: IntegrationMessage): Promise<void> {
    this.sent.push(message);
    return new Promise((resolve, reject) => this.acks.push({ resolve, reject }));
  }
  get unacknowledged(): number {
    return this.acks.length;
  }
  ackAll(): void {
    for (const ack of this.acks.splice(0)) ack.resolve();
  }
  /** Acknowledges the unacknowledged messages from `from` on (in the order sent), leaving those before them waiting. */
  ackFrom(from: number): void {
    for (const ack of this.acks.splice(from)) ack.resolve();
  }
  /** Acknowledges the first `count`, fails the next one (and leaves the rest to time out, as a dropped connection would). */
  ackThenFail(count: number): void {
    for (const ack of this.acks.splice(0, count)) ack.resolve();
    this.acks.shift()?.reject(new Error('connection lost'));
  }
}

function shippedPublisher(options: Partial<IntegrationPublisherOptions> = {}, map?: (event: DecodedEvent<typeof Shipped>) => unknown) {
  @IntegrationPublisher({ name: 'shipments-out', startFrom: 'origin', ...options })
  class ShipmentsOut {
    @On(Shipped)
    shipped(event: DecodedEvent<typeof Shipped>) {
      return map ? map(event) : { subject: `shop.shipped.${event.data.orderId}`, payload: { order: event.data.orderId } };
    }
  }
  return ShipmentsOut;
}

async function appWith(broker: IntegrationBroker, options: Partial<IntegrationPublisherOptions> = {}, map?: (event: DecodedEvent<typeof Shipped>) => unknown) {
  const store = new InMemoryEventStore();
  const subscriberStore = new InMemorySubscriberStore();
  const container = new Container();
  container.bind(INTEGRATION_BROKER).toConstantValue(broker);
  const app = await createApp({
    store,
    container,
    eventHandlers: [shippedPublisher(options, map)],
    subscriptions: { store: subscriberStore, restartDelayMs: 20 },
    logger: silentLogger,
  });
  return { app, store, checkpoint: () => subscriberStore.checkpoints.get('shipments-out') };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function ship(store: InMemoryEventStore, count: number, from = 0): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let i = from; i < from + count; i++) {
    const result = await store.append(`order-${i % 3}`, [{ type: 'Shipped', data: { orderId: `o${i}`, parcels: 1 } }]);
    events.push(...result.events);
  }
  return events;
}

describe('an integration publisher', () => {
  it('sends without waiting, but moves its checkpoint only past messages the broker acknowledged', async () => {
    const broker = new HandAckedBroker();
    const { app, store, checkpoint } = await appWith(broker);
    const events = await ship(store, 5);
    await app.start();

    await until(() => broker.sent.length === 5, 'five messages to be sent');
    await sleep(100);
    expect(await checkpoint()).toBeNull();

    broker.ackAll();
    await until(async () => (await checkpoint()) === events[4]!.position, 'the checkpoint to move');
    expect(broker.sent.map((message) => message.id)).toEqual(events.map((event) => event.eventId));
    expect(broker.sent.map((message) => message.previousId)).toEqual([null, ...events.slice(0, 4).map((event) => event.eventId)]);
    await app.stop();
  });

  it('sends the next batches while the acknowledgements of a batch are pending, and moves the checkpoint past a batch only once it and every batch before it are acknowledged', async () => {
    const broker = new HandAckedBroker();
    const { app, store, checkpoint } = await appWith(broker, { maxInFlight: 100, batchSize: 2 });
    const events = await ship(store, 6);
    await app.start();
    // Three batches sent, none acknowledged: reading and sending did not wait for the first batch.
    await until(() => broker.sent.length === 6, 'all three batches sent before any acknowledgement');
    broker.ackFrom(2); // the second and third batches, not the first
    await sleep(100);
    expect(await checkpoint()).toBeNull();
    broker.ackAll();
    await until(async () => (await checkpoint()) === events[5]!.position, 'the checkpoint past all six');
    expect(broker.sent.map((message) => message.id)).toEqual(events.map((event) => event.eventId));
    await app.stop();
  });

  it('starts over from its checkpoint when an acknowledgement fails, sending the same ids again, and never stops', async () => {
    const broker = new HandAckedBroker();
    const { app, store, checkpoint } = await appWith(broker, { maxInFlight: 100, batchSize: 3 });
    const failures: string[] = [];
    app.subscribers.errors$.subscribe((failure) => failures.push(failure.decision));
    const events = await ship(store, 7);
    await app.start();
    await until(() => broker.sent.length === 7, 'three batches, pipelined');
    broker.ackThenFail(3); // the first batch and the 4th are acknowledged, the 5th fails, the 6th and 7th never answer
    await until(() => broker.sent.length === 11, 'the second and third batches sent again');
    // The checkpoint moved past the first batch only: the 4th was acknowledged, but its batch was not.
    expect(await checkpoint()).toBe(events[2]!.position);
    // The run after the failure begins at the checkpoint, with the same ids, as a new run.
    expect(broker.sent.slice(7).map((message) => message.id)).toEqual(events.slice(3).map((event) => event.eventId));
    expect(broker.sent[7]!.previousId).toBeNull();
    broker.ackAll();
    await until(async () => (await checkpoint()) === events[6]!.position, 'the checkpoint past all seven');
    expect(failures).toEqual(['restart']);
    expect((await app.subscribers.status())[0]!.state).not.toBe('stopped');
    await app.stop();
  });

  it('has at most maxInFlight messages unacknowledged: sending waits for room', async () => {
    const broker = new HandAckedBroker();
    const { app, store, checkpoint } = await appWith(broker, { maxInFlight: 3 });
    const events = await ship(store, 8);
    await app.start();
    await until(() => broker.sent.length === 3, 'three in flight');
    await sleep(100);
    expect(broker.sent).toHaveLength(3);
    broker.ackAll();
    await until(() => broker.sent.length === 6, 'three more');
    expect(broker.unacknowledged).toBe(3);
    broker.ackAll();
    await until(() => broker.sent.length === 8, 'the last two');
    broker.ackAll();
    await until(async () => (await checkpoint()) === events[7]!.position, 'the checkpoint');
    await app.stop();
  });

  it("carries the event's identity, conversation and trace context in its headers, and the mapped payload as JSON", async () => {
    const broker = new HandAckedBroker();
    const { app, store } = await appWith(broker);
    await app.start();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const [event] = (
      await store.append('order-9', [
        { type: 'Shipped', data: { orderId: 'o9', parcels: 2 }, correlationId: 'conv-1', causationId: 'cmd-1', metadata: { traceparent } },
      ])
    ).events;
    await until(() => broker.sent.length === 1, 'the message');
    const [message] = broker.sent;
    expect(message!.subject).toBe('shop.shipped.o9');
    expect(JSON.parse(new TextDecoder().decode(message!.body))).toEqual({ order: 'o9' });
    expect(message!.streamId).toBe('order-9');
    expect(message!.headers).toEqual({
      [INTEGRATION_HEADERS.eventId]: event!.eventId,
      [INTEGRATION_HEADERS.eventType]: 'Shipped',
      [INTEGRATION_HEADERS.schemaVersion]: '1',
      [INTEGRATION_HEADERS.streamId]: 'order-9',
      [INTEGRATION_HEADERS.streamVersion]: '1',
      [INTEGRATION_HEADERS.position]: event!.position,
      [INTEGRATION_HEADERS.occurredAt]: event!.occurredAt.toISOString(),
      [INTEGRATION_HEADERS.correlationId]: 'conv-1',
      [INTEGRATION_HEADERS.causationId]: 'cmd-1',
      [INTEGRATION_HEADERS.contentType]: 'application/json',
      traceparent,
    });
    broker.ackAll();
    await app.stop();
  });

  it('publishes nothing for an event mapped to null, and dead-letters an event mapped to an invalid message under onError: skip', async () => {
    const broker = new HandAckedBroker();
    const map = (event: DecodedEvent<typeof Shipped>) =>
      event.data.orderId === 'o0'
        ? null
        : event.data.orderId === 'o1'
          ? { subject: 'shop.x', headers: { [INTEGRATION_HEADERS.eventId]: 'forged' } }
          : event.data.orderId === 'o3'
            ? { subject: 'shop.x', headers: { 'X-Note': 'fine\r\nNats-Msg-Id: forged' } }
            : { subject: 'shop.x' };
    const { app, store, checkpoint } = await appWith(broker, { onError: 'skip', retry: { maxAttempts: 1 } }, map);
    const events = await ship(store, 4);
    await app.start();
    await until(() => broker.sent.length === 1, 'the one valid message');
    broker.ackAll();
    await until(async () => (await checkpoint()) === events[3]!.position, 'the checkpoint');
    expect(broker.sent.map((message) => message.id)).toEqual([events[2]!.eventId]);
    expect(JSON.parse(new TextDecoder().decode(broker.sent[0]!.body))).toEqual({ orderId: 'o2', parcels: 1 });
    const deadLetters = await app.subscribers.deadLetters('shipments-out');
    expect(deadLetters.map((deadLetter) => deadLetter.eventId)).toEqual([events[1]!.eventId, events[3]!.eventId]);
    for (const deadLetter of deadLetters) expect(deadLetter.error).toMatchObject({ code: InvalidOutgoingMessageError.code });
    expect(deadLetters[1]!.error.message).toMatch(/header 'X-Note' has a line break/);
    await app.stop();
  });

  it('refuses to build without a broker in the container, or with maxInFlight below 1', async () => {
    await expect(createApp({ store: new InMemoryEventStore(), eventHandlers: [shippedPublisher()] })).rejects.toThrow(ConfigurationError);
    const container = new Container();
    container.bind(INTEGRATION_BROKER).toConstantValue(new HandAckedBroker());
    await expect(createApp({ store: new InMemoryEventStore(), container, eventHandlers: [shippedPublisher({ maxInFlight: 0 })] })).rejects.toThrow(
      /maxInFlight 0/,
    );
  });
});
