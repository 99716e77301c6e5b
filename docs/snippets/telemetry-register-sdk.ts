// Compiled by `npm run typecheck`, so docs/telemetry.md stays true.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** Registers the three pieces Factum's telemetry relies on, before the app is created. */
export function registerOpenTelemetry(): () => Promise<void> {
  // Keeps the active span across awaits: a process manager's commands continue its trace.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // Writes and reads `traceparent` in event metadata.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })] });
  trace.setGlobalTracerProvider(tracerProvider);

  const meterProvider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 10_000 })],
  });
  metrics.setGlobalMeterProvider(meterProvider);

  return async () => {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  };
}
