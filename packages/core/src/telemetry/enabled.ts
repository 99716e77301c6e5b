import { trace, ProxyTracerProvider } from '@opentelemetry/api';
import { meterIsNoop } from './metrics';

const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether an OpenTelemetry SDK is registered (a tracer or a meter provider). Without one the
 * hot paths skip telemetry altogether instead of making no-op spans and measurements, which
 * would cost allocations and promise ticks on every command and event for nothing.
 */
export function telemetryEnabled(): boolean {
  const provider = trace.getTracerProvider();
  const tracing = !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_TRACER_PROVIDER;
  return tracing || !meterIsNoop();
}
