import { createApp, INTEGRATION_BROKER, InMemoryEventStore, IntegrationPublisher, On, silentLogger, type DecodedEvent } from '@factum/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream, NatsCommandConsumer, NatsPublisher } from '@factum/nats';
import { Container } from 'inversify';
import { Ledger, PaymentRecorded, RecordPayment } from './support/inbox-domain';
import { connectNats, deleteStreams, uniqueName } from './support/nats-server';

describe('one trace from a command in one service to the command it causes in another (NATS, OpenTelemetry)', () => {
  let nats: NatsConnection;
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const names = { stream: uniqueName('TRACE'), prefix: uniqueName('trace') };

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    nats = await connectNats();
  });
  afterAll(async () => {
    await deleteStreams(nats, [names.stream, `${names.stream}_DEAD`]);
    await nats.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("continues the publisher's trace in the consumer's dispatch", async () => {
    // Service A records a payment and relays it; service B mirrors it into its own ledger.
    @IntegrationPublisher({ name: 'payments-out' })
    class PaymentsOut {
      @On(PaymentRecorded)
      recorded(event: DecodedEvent<typeof PaymentRecorded>) {
        return { subject: `${names.prefix}.payments`, payload: { ...event.data, ledgerId: `mirror-${event.data.ledgerId}` } };
      }
    }
    const container = new Container();
    const publisher = await NatsPublisher.create({ connection: nats, stream: { name: names.stream, subjects: [`${names.prefix}.payments`] } });
    container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
    const a = await createApp({ store: new InMemoryEventStore(), container, aggregates: [Ledger], eventHandlers: [PaymentsOut], logger: silentLogger });
    await a.start();
    await ensureStream(nats, { name: `${names.stream}_DEAD`, subjects: [`${names.prefix}.dead`] });
    const bStore = new InMemoryEventStore();
    const b = await createApp({ store: bStore, aggregates: [Ledger], logger: silentLogger });
    const consumer = await NatsCommandConsumer.start({
      connection: nats,
      app: b,
      stream: names.stream,
      durable: 'mirror',
      toCommand: (message) => RecordPayment(message.data as { ledgerId: string; paymentId: string; amount: number }),
      deadLetterSubject: `${names.prefix}.dead`,
      logger: silentLogger,
    });
    try {
      await a.dispatch(RecordPayment({ ledgerId: 'l1', paymentId: 'p1', amount: 5 }));
      const dispatches = () => exporter.getFinishedSpans().filter((span) => span.name === 'dispatch RecordPayment');
      const deadline = Date.now() + 10_000;
      while (dispatches().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const [origin, continued] = dispatches();
      expect(continued).toBeDefined();
      expect(continued!.spanContext().traceId).toBe(origin!.spanContext().traceId);
      // Its parent is the publisher's handling span, itself in the origin's trace.
      const handling = exporter.getFinishedSpans().find((span) => span.name === 'process payments-out');
      expect(handling?.spanContext().traceId).toBe(origin!.spanContext().traceId);
      expect(continued!.parentSpanContext?.spanId).toBe(handling!.spanContext().spanId);
    } finally {
      await consumer.stop();
      await a.stop();
    }
  });
});
