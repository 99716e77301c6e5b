import type { EventMetadata, RecordedEvent } from '@factum/event-store';
import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * Trace context in event metadata: the registered propagator (W3C trace context in the SDK's
 * defaults) writes `traceparent` (and `tracestate`) into the metadata of appended events, and a
 * subscriber reads it back, so one trace runs from a command through everything its events cause.
 * With no propagator registered both are no-ops and the metadata is left as it was.
 */
export function withTraceContext(metadata: EventMetadata, from: Context): EventMetadata {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  for (const _ in carrier) return { ...metadata, ...carrier };
  return metadata;
}

/** The context an event was appended in (the root context when it carries none). */
export function contextOfEvent(event: RecordedEvent): Context {
  const metadata = event.metadata;
  if (typeof metadata['traceparent'] !== 'string') return context.active();
  return propagation.extract(context.active(), metadata, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => {
      const value = carrier[key];
      return typeof value === 'string' ? value : undefined;
    },
  });
}
