/**
 * What an `@IntegrationPublisher`'s `@On` method returns for an event: where the message goes and
 * what it says. `null` (or nothing) publishes nothing for that event.
 */
export interface OutgoingMessage {
  /** Where it goes: a NATS subject, a topic, a routing key; the broker adapter decides what it means. */
  subject: string;
  /** Encoded as JSON. Default: the event's data (upcast to its current version). */
  payload?: unknown;
  /** Headers of your own, sent beside Factum's (`INTEGRATION_HEADERS`); they cannot replace those. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The message's identity, which brokers deduplicate on. Default: the event id. Set it only to
   * publish one event as more than one message, each with an id of its own.
   */
  id?: string;
}

/** One message as a broker adapter receives it. */
export interface IntegrationMessage {
  /** Unique per message, and the same every time the message is published again: the broker's deduplication key. */
  readonly id: string;
  readonly subject: string;
  /** The JSON-encoded payload (UTF-8). */
  readonly body: Uint8Array;
  /** Factum's headers (`INTEGRATION_HEADERS`), the trace context and the mapping's own. */
  readonly headers: Readonly<Record<string, string>>;
  /** The event's stream: the key that keeps per-stream order on brokers that partition (Kafka). */
  readonly streamId: string;
  /**
   * The id of the message published just before this one by the same run of the publisher, or
   * `null` for the first of a run (after a start or a restart from the checkpoint). An adapter
   * that can make the broker refuse a message unless this is the last one it holds (JetStream's
   * expected last message id) keeps the broker's copy gap-free: a message lost in transit fails
   * the ones after it instead of letting them overtake it.
   */
  readonly previousId: string | null;
  /**
   * The sequence this message belongs to, which `previousId` runs along: the publisher's name,
   * or its partition's (`<name>#<index>`) when it is partitioned. The partitions of a publisher
   * publish concurrently, from any process, each in its own order.
   */
  readonly chain: string;
  /**
   * Which partition of a partitioned publisher sent it (`null` when the publisher is not
   * partitioned). Then other chains publish beside this one to the same destinations, so an
   * order check that spans a whole destination (JetStream's expected last message id) cannot
   * be used; order per `streamId` is still owed (a stream belongs to one partition).
   */
  readonly partition: { readonly index: number; readonly count: number } | null;
}
