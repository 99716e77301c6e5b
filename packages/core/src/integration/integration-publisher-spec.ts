import type { RecordedEvent } from '@factum/event-store';
import { ConfigurationError } from '../errors/configuration-error';
import { decodeEvent } from '../messages/decode-event';
import type { SubscriberModel } from '../subscriptions/subscriber-model';
import { partitionName } from '../subscriptions/subscriber-partitions';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import type { IntegrationBroker } from './integration-broker';
import { integrationHeaders, isReservedHeader } from './integration-headers';
import type { OutgoingMessage } from './integration-message';
import type { IntegrationPublisherOptions } from './integration-publisher.decorator';
import { InvalidOutgoingMessageError } from './invalid-outgoing-message-error';
import { PublishWindow, type UnchainedMessage } from './publish-window';

const DEFAULT_MAX_IN_FLIGHT = 1_000;
const encoder = new TextEncoder();
const LINE_BREAK = /[\r\n]/;

/**
 * Compiles an `@IntegrationPublisher` (or one partition of it: `partition`) into what the runtime
 * runs. Handling an event maps it and sends its message without waiting for the acknowledgement
 * (up to `maxInFlight` unacknowledged); after each batch the runtime asks for `effectsDone`, the
 * acknowledgement of everything sent so far, and writes the checkpoint past the batch once it
 * resolves, while the next batches are read and sent. A failed acknowledgement fails it: the
 * checkpoint stays where it was, and the runtime starts the publisher over from it (with
 * backoff), so a broker outage is waited out, never dead-lettered. Failures of the mapping
 * itself are handler failures, under the publisher's `retry` and `onError`.
 */
export function integrationPublisherSpec(
  model: SubscriberModel,
  instance: object,
  broker: IntegrationBroker,
  partition: { index: number; count: number } | null = null,
): SubscriberSpec {
  const { name, handlers } = model;
  const options = model.declaration.options as IntegrationPublisherOptions;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new ConfigurationError(`@IntegrationPublisher '${name}' has maxInFlight ${String(maxInFlight)}; use a whole number of at least 1.`);
  }
  if (typeof broker?.publish !== 'function') {
    throw new ConfigurationError(
      `@IntegrationPublisher '${name}': its broker has no publish(message) method; bind an IntegrationBroker (e.g. a NatsPublisher).`,
    );
  }
  const chain = partition ? partitionName(name, partition.index) : name;
  const window = new PublishWindow(broker, maxInFlight, { chain, partition });
  const target = instance as Record<string | symbol, unknown>;
  return {
    name,
    kind: 'event-handler',
    startFrom: options.startFrom ?? 'head',
    eventTypes: [...handlers.keys()],
    atomic: false,
    strong: false,
    rebuildable: false,
    batchSize: options.batchSize,
    retry: options.retry,
    onError: options.onError,
    async handle(event: RecordedEvent): Promise<void> {
      const handler = handlers.get(event.type)!;
      const decoded = decodeEvent(handler.definition, event);
      const outgoing = (await (target[handler.method] as (event: unknown) => unknown).call(instance, decoded)) as OutgoingMessage | null | undefined;
      if (outgoing === null || outgoing === undefined) return;
      await window.send(toMessage(name, event, decoded.data, outgoing));
    },
    // The checkpoint past what was sent so far moves only once all of it is acknowledged.
    effectsDone: () => window.mark(),
    discard: () => window.reset(),
  };
}

function toMessage(publisher: string, event: RecordedEvent, data: unknown, outgoing: OutgoingMessage): UnchainedMessage {
  const invalid = (reason: string) => new InvalidOutgoingMessageError(publisher, event.type, reason);
  if (typeof outgoing !== 'object') throw invalid(`expected { subject, payload? } or null, got ${typeof outgoing}.`);
  if (typeof outgoing.subject !== 'string' || outgoing.subject.length === 0) throw invalid('subject must be a non-empty string.');
  const id = outgoing.id ?? event.eventId;
  if (typeof id !== 'string' || id.length === 0) throw invalid('id must be a non-empty string.');
  const headers = integrationHeaders(event);
  for (const [key, value] of Object.entries(outgoing.headers ?? {})) {
    if (typeof value !== 'string') throw invalid(`header '${key}' is not a string.`);
    if (LINE_BREAK.test(key) || LINE_BREAK.test(value)) throw invalid(`header '${key}' has a line break, which message headers cannot carry.`);
    if (isReservedHeader(key)) throw invalid(`header '${key}' is set by Factum; name yours differently.`);
    headers[key] = value;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(outgoing.payload === undefined ? data : outgoing.payload);
  } catch (error) {
    throw invalid(`its payload cannot be encoded as JSON (${(error as Error).message}).`);
  }
  if (json === undefined) throw invalid('its payload cannot be encoded as JSON.');
  return { id, subject: outgoing.subject, body: encoder.encode(json), headers, streamId: event.streamId };
}
