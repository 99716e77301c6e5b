// Process B of the cross-process trace test: runs the transfer process manager on Postgres with
// the OpenTelemetry SDK registered, exporting every finished span as one JSON line on stdout
// ({"span": {...}}). Prints {"ready": true} once the process manager runs; stops on SIGTERM.
// Environment: DATABASE_URL, SCHEMA.
import { createApp } from '@factum/core';
import { createPostgresStores, PostgresSubscriberLocks, PostgresSubscriberStore } from '@factum/postgres';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { Account, Transfer, TransferProcess } from '../transfer-domain';

/** Writes each span as a JSON line: what the test needs to put the trace together. */
class JsonLinesSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const line = { name: span.name, traceId, spanId, parentSpanId: span.parentSpanContext?.spanId ?? null, kind: span.kind, attributes: span.attributes };
      process.stdout.write(`${JSON.stringify({ span: line })}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function main(): Promise<void> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracing = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new JsonLinesSpanExporter() })] });
  trace.setGlobalTracerProvider(tracing);

  const schema = process.env.SCHEMA!;
  const pg = createPostgresStores(process.env.DATABASE_URL!, { schema });
  const app = await createApp({
    store: pg.events,
    aggregates: [Account, Transfer],
    processManagers: [TransferProcess],
    subscriptions: { store: new PostgresSubscriberStore(pg.client, { schema }), locks: new PostgresSubscriberLocks(pg.client, { schema }) },
  });
  await app.start();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  process.once('SIGTERM', () => {
    void app
      .stop()
      .then(() => tracing.shutdown())
      .then(() => pg.close())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
