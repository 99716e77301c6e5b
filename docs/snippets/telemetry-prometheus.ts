// Compiled by `npm run typecheck` and run by the core tests, so docs/telemetry.md stays true.
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** Serves Factum's metrics at http://<host>:<port>/metrics for Prometheus to scrape. */
export function servePrometheusMetrics(port = 9464): () => Promise<void> {
  // The exporter is a metric reader: each scrape collects (and measures the lag gauges) then.
  const exporter = new PrometheusExporter({ port });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(meterProvider);
  return () => meterProvider.shutdown();
}
