import type { RecordedEvent } from '@factum/event-store';
import { context, SpanKind, trace, type Attributes } from '@opentelemetry/api';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import { ATTR, MESSAGING_SYSTEM } from './attributes';
import { telemetryEnabled } from './enabled';
import { instruments } from './metrics';
import { recordError } from './record-error';
import { contextOfEvent } from './trace-context';
import { tracer } from './tracer';

type Subscriber = Pick<SubscriberSpec, 'name' | 'kind'>;

/** One attempt of a subscriber at an event. */
export interface Handling {
  readonly spec: Subscriber;
  readonly event: RecordedEvent;
  /** 1 for the first attempt, 2… for retries. */
  readonly attempt: number;
  /** The events this subscriber has received already: their delivery is timed once. */
  readonly received: WeakSet<RecordedEvent>;
}

/** The attributes every subscriber metric carries: who handled what. */
export function subscriberAttributes(spec: Subscriber, event: RecordedEvent): Attributes {
  return { [ATTR.subscriber]: spec.name, [ATTR.subscriberKind]: spec.kind, [ATTR.eventType]: event.type };
}

/**
 * Runs one attempt of `spec` at `event` under a `process <subscriber>` span, a child of the
 * append that stored the event (its trace context travels in the event's metadata), and active
 * while the handler runs: the commands a process manager dispatches continue the same trace.
 * Records emit→receive (the event's `occurredAt` to its first delivery) and receive→processed.
 */
export function traceHandling(handling: Handling, handle: () => Promise<void>): Promise<void> {
  return telemetryEnabled() ? traced(handling, handle) : handle();
}

async function traced({ spec, event, attempt, received: deliveries }: Handling, handle: () => Promise<void>): Promise<void> {
  const received = Date.now();
  const started = performance.now();
  const metrics = instruments();
  const attributes = subscriberAttributes(spec, event);
  if (!deliveries.has(event)) {
    deliveries.add(event);
    metrics.receiveDelay.record(Math.max(0, received - event.occurredAt.getTime()) / 1000, attributes);
  }
  const span = tracer.startSpan(
    `process ${spec.name}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [ATTR.messagingSystem]: MESSAGING_SYSTEM,
        [ATTR.operationName]: 'process',
        [ATTR.operationType]: 'process',
        [ATTR.consumerGroup]: spec.name,
        [ATTR.messageId]: event.eventId,
        [ATTR.streamId]: event.streamId,
        [ATTR.position]: String(event.position),
        [ATTR.attempt]: attempt,
        ...attributes,
      },
    },
    contextOfEvent(event),
  );
  try {
    await context.with(trace.setSpan(context.active(), span), handle);
    metrics.processDuration.record((performance.now() - started) / 1000, { ...attributes, [ATTR.outcome]: 'ok' });
  } catch (error) {
    metrics.processDuration.record((performance.now() - started) / 1000, { ...attributes, [ATTR.outcome]: 'error' });
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
