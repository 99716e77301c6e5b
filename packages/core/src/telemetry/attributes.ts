/**
 * Attribute names on Factum's spans and metrics. `messaging.*` are the OpenTelemetry messaging
 * semantic conventions where they fit (a command is sent, an event is processed); `factum.*`
 * name what those conventions have no word for.
 */
export const ATTR = {
  messagingSystem: 'messaging.system',
  operationName: 'messaging.operation.name',
  operationType: 'messaging.operation.type',
  messageId: 'messaging.message.id',
  consumerGroup: 'messaging.consumer.group.name',
  batchCount: 'messaging.batch.message_count',
  commandType: 'factum.command.type',
  streamId: 'factum.stream.id',
  outcome: 'factum.outcome',
  retries: 'factum.retries',
  position: 'factum.position',
  eventType: 'factum.event.type',
  subscriber: 'factum.subscriber.name',
  subscriberKind: 'factum.subscriber.kind',
  attempt: 'factum.attempt',
  errorCode: 'factum.error.code',
} as const;

export const MESSAGING_SYSTEM = 'factum';
