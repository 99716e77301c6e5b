import type { RecordedEvent } from '@factum/event-store';
import { context, propagation } from '@opentelemetry/api';

/** The headers every integration message carries, naming the event it came from. */
export const INTEGRATION_HEADERS = {
  eventId: 'Factum-Event-Id',
  eventType: 'Factum-Event-Type',
  schemaVersion: 'Factum-Schema-Version',
  streamId: 'Factum-Stream-Id',
  streamVersion: 'Factum-Stream-Version',
  position: 'Factum-Position',
  occurredAt: 'Factum-Occurred-At',
  correlationId: 'Factum-Correlation-Id',
  causationId: 'Factum-Causation-Id',
  contentType: 'Content-Type',
} as const;

const RESERVED = new Set(Object.values(INTEGRATION_HEADERS).map((name) => name.toLowerCase()));

/** Whether a header name is one Factum sets itself (compared without case, as brokers do). */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || lower === 'traceparent' || lower === 'tracestate';
}

/**
 * The headers of the message published for `event`. The trace context is the one active while the
 * publisher handles the event (its handling span, when an OpenTelemetry SDK is registered), or
 * else the one the event was appended in: either way, a consumer's work joins the trace that
 * began with the command.
 */
export function integrationHeaders(event: RecordedEvent): Record<string, string> {
  const headers: Record<string, string> = {
    [INTEGRATION_HEADERS.eventId]: event.eventId,
    [INTEGRATION_HEADERS.eventType]: event.type,
    [INTEGRATION_HEADERS.schemaVersion]: String(event.schemaVersion),
    [INTEGRATION_HEADERS.streamId]: event.streamId,
    [INTEGRATION_HEADERS.streamVersion]: String(event.version),
    [INTEGRATION_HEADERS.position]: event.position,
    [INTEGRATION_HEADERS.occurredAt]: event.occurredAt.toISOString(),
    [INTEGRATION_HEADERS.contentType]: 'application/json',
  };
  if (event.correlationId !== null) headers[INTEGRATION_HEADERS.correlationId] = event.correlationId;
  if (event.causationId !== null) headers[INTEGRATION_HEADERS.causationId] = event.causationId;
  propagation.inject(context.active(), headers);
  if (headers['traceparent'] === undefined) {
    const { traceparent, tracestate } = event.metadata;
    if (typeof traceparent === 'string') headers['traceparent'] = traceparent;
    if (typeof tracestate === 'string') headers['tracestate'] = tracestate;
  }
  return headers;
}
