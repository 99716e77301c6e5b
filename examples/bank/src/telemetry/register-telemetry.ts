// The OpenTelemetry SDK for the bank's processes (the demo and the HTTP server). Factum itself
// depends only on the API; an application chooses where spans and metrics go. Here:
// - OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (a collector, Jaeger, Grafana...);
// - the console with `--trace`.
// Without either, nothing is registered and Factum's telemetry stays off.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  /** Print spans as they end, and metrics every `metricIntervalMs` and at shutdown. */
  console: boolean;
  /** Where OTLP goes (`OTEL_EXPORTER_OTLP_ENDPOINT`); the exporters add `/v1/traces` and `/v1/metrics`. */
  otlpEndpoint?: string;
  /** `service.name` of the spans and metrics (`OTEL_SERVICE_NAME` wins when set). */
  serviceName: string;
  /** How often metrics are exported (`OTEL_METRIC_EXPORT_INTERVAL` wins when set); 10 s by default. */
  metricIntervalMs?: number;
}

/** What `--trace` and the environment ask for. */
export function telemetryOptionsFrom(argv: readonly string[], env: NodeJS.ProcessEnv, serviceName: string): TelemetryOptions {
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return {
    console: argv.includes('--trace'),
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    serviceName: env.OTEL_SERVICE_NAME || serviceName,
    ...(Number.isInteger(interval) && interval > 0 ? { metricIntervalMs: interval } : {}),
  };
}

/**
 * Registers the SDK before the app is created: a tracer and a meter provider, the context manager
 * that carries the active span across awaits, and the W3C propagator that writes `traceparent` into
 * the events Factum appends. Returns `flush` (exports what is pending now: call it while the app
 * still runs, so the last metrics include the subscribers' lag, which only a running app reports)
 * and `shutdown` (flushes, then stops), or `null` when nothing was asked for.
 */
export function registerTelemetry(options: TelemetryOptions): { flush: () => Promise<void>; shutdown: () => Promise<void> } | null {
  if (!options.console && options.otlpEndpoint === undefined) return null;
  const resource = defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  const exportIntervalMillis = options.metricIntervalMs ?? 10_000;
  const spanProcessors: SpanProcessor[] = [];
  const readers: MetricReader[] = [];
  if (options.otlpEndpoint !== undefined) {
    // The exporters read OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_EXPORTER_OTLP_* settings) themselves.
    spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis }));
  }
  if (options.console) {
    spanProcessors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    readers.push(new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis }));
  }

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new TracerProvider({ resource, spanProcessors });
  trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(meterProvider);

  return {
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
