import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { eventually } from './support/subscriber-fixtures';
import { registerTracing } from './support/telemetry-sdk';
import { Account, DepositForTransfer, OpenAccount, RequestTransfer, Transfer, TransferProcess } from './support/transfer-domain';

const sdk = registerTracing();
afterAll(() => sdk.unregister());

const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const named = (name: string) => sdk.spans().filter((span) => span.name === name);

describe('tracing with the OpenTelemetry SDK registered', () => {
  it('runs one trace from a dispatch through the process manager to the events its commands appended', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({
      store,
      aggregates: [Account, Transfer],
      processManagers: [TransferProcess],
      subscriptions: { store: new InMemorySubscriberStore() },
    });
    await app.start();
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 100 }));
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));

    const requested = await app.dispatch(RequestTransfer({ transferId: 't1', from: 'a', to: 'b', amount: 30 }));
    await eventually(() => named('dispatch CompleteTransfer').length === 1 && named('process transfers').length >= 4, 'transfer completed');
    await app.stop();

    const [dispatch] = named('dispatch RequestTransfer');
    const traceId = traceOf(dispatch!);
    expect(dispatch!.attributes).toMatchObject({
      'messaging.system': 'factum',
      'messaging.operation.name': 'dispatch',
      'factum.command.type': 'RequestTransfer',
      'factum.stream.id': requested.streamId,
      'messaging.message.id': requested.commandId,
      'factum.outcome': 'ok',
      'factum.retries': 0,
    });

    // The append is a child of the dispatch, and its context is what the event carries.
    const append = named('append').find((span) => span.attributes['factum.stream.id'] === requested.streamId)!;
    expect(parentOf(append)).toBe(dispatch!.spanContext().spanId);
    expect(append.kind).toBe(SpanKind.PRODUCER);
    expect(append.attributes).toMatchObject({ 'messaging.batch.message_count': 1, 'factum.position': String(requested.position) });
    const [stored] = await collect(store.readStream(requested.streamId));
    expect(stored!.metadata['traceparent']).toBe(`00-${traceId}-${append.spanContext().spanId}-01`);

    // The process manager's handling is a child of that append...
    const handling = named('process transfers').find((span) => span.attributes['factum.event.type'] === 'TransferRequested')!;
    expect(parentOf(handling)).toBe(append.spanContext().spanId);
    expect(handling.kind).toBe(SpanKind.CONSUMER);
    expect(handling.attributes).toMatchObject({
      'factum.subscriber.name': 'transfers',
      'factum.subscriber.kind': 'process-manager',
      'messaging.consumer.group.name': 'transfers',
      'messaging.operation.type': 'process',
      'messaging.message.id': stored!.eventId,
      'factum.position': String(stored!.position),
      'factum.attempt': 1,
    });

    // ...the command it dispatched is a child of the handling, and so on to the end of the transfer.
    const [withdraw] = named('dispatch WithdrawForTransfer');
    expect(parentOf(withdraw!)).toBe(handling.spanContext().spanId);
    const debited = await collect(store.readAll({ filter: { types: ['TransferDebited', 'TransferCredited', 'TransferCompleted'] } }));
    expect(debited).toHaveLength(3);
    for (const event of debited) expect(String(event.metadata['traceparent'])).toContain(traceId);
    const conversation = sdk.spans().filter((span) => traceOf(span) === traceId);
    expect(conversation.map((span) => span.name)).toEqual(
      expect.arrayContaining(['dispatch WithdrawForTransfer', 'dispatch DepositForTransfer', 'dispatch CompleteTransfer', 'process transfers', 'append']),
    );
  });

  it('records a refused command on its span with the FactumError code and status ERROR', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Account] });
    await app.dispatch(OpenAccount({ accountId: 'x', balance: 1 }));
    await expect(app.dispatch(OpenAccount({ accountId: 'x', balance: 1 }))).rejects.toMatchObject({ code: 'AccountExists' });
    const refused = named('dispatch OpenAccount').find(
      (span) => span.attributes['factum.stream.id'] !== undefined && span.status.code === SpanStatusCode.ERROR,
    )!;
    expect(refused.attributes).toMatchObject({ 'factum.outcome': 'refused', 'factum.error.code': 'AccountExists' });
    expect(refused.events.map((event) => event.name)).toContain('exception');
    await app.stop();
  });

  it('counts the retries of a command whose stream moved, with the conflicting append on an error span', async () => {
    const store = new InMemoryEventStore();
    const cached = await createApp({ store, aggregates: [Account] });
    const other = await createApp({ store, aggregates: [Account] });
    await cached.dispatch(OpenAccount({ accountId: 'r', balance: 0 }));
    await other.dispatch(DepositForTransfer({ accountId: 'r', transferId: 't1', amount: 5 }));
    await cached.dispatch(DepositForTransfer({ accountId: 'r', transferId: 't2', amount: 5 }));

    const retried = named('dispatch DepositForTransfer').find((span) => span.attributes['factum.retries'] === 1)!;
    expect(retried.attributes['factum.outcome']).toBe('ok');
    const appends = named('append').filter((span) => parentOf(span) === retried.spanContext().spanId);
    expect(appends.map((span) => span.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
    expect(appends[0]!.attributes['factum.error.code']).toBe('WRONG_EXPECTED_VERSION');
    await cached.stop();
    await other.stop();
  });
});
