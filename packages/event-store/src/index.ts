export type { AppendOptions, AppendResult, ExpectedVersion } from './contract/append';
export type { CheckpointRecord, CheckpointStore, SetCheckpointOptions } from './contract/checkpoint-store';
export type { EventStore } from './contract/event-store';
export type { EventMetadata, JsonValue, NewEvent, RecordedEvent } from './contract/events';
export { asGlobalPosition } from './contract/position';
export type { GlobalPosition, PositionComparator, StartPosition } from './contract/position';
export type { EventFilter, ReadAllOptions, ReadDirection, ReadStreamOptions, SubscribeOptions } from './contract/read';
export { isStartMarker, startMarkerOf } from './contract/start-marker';
export type { StartMarker } from './contract/start-marker';
export type { Snapshot, SnapshotStore } from './contract/snapshot-store';
export { streamCategory, streamIdFor } from './contract/stream-id';
export { MAX_PARTITIONS, partitionHash, partitionOf } from './contract/stream-partition';
export type { StreamPartition } from './contract/stream-partition';
export { compareStreamIds } from './contract/stream-listing';
export type { ListStreamsOptions, StreamInfo } from './contract/stream-listing';
export { causationTree } from './contract/causation';
export type { CausationNode, ReadCorrelatedOptions } from './contract/causation';
export type { DeadLetter, DeadLetterError, DeadLetterStore, NewDeadLetter } from './contract/dead-letter-store';
export { canCountEvents } from './contract/event-counter';
export type { CountEventsOptions, EventCounter } from './contract/event-counter';
export type { ProcessInstance, ProcessStateStore, SaveProcessInstance } from './contract/process-state-store';
export type { SubscriberLease, SubscriberLocks } from './contract/subscriber-lock';
export type { SubscriberSession, SubscriberStore } from './contract/subscriber-store';
export type {
  DurationPercentiles,
  HandlingTimings,
  NewSubscriberReport,
  OperationError,
  OperationKind,
  OperationOutcome,
  OperationRequest,
  OperationState,
  SubscriberOperation,
  SubscriberOperations,
  SubscriberReport,
} from './contract/subscriber-operations';
export { requestAndFollow } from './operations/follow-operation';
export { requireDeadLetter, skipDeadLetter } from './operations/dead-letter-skip';
export type { FollowOperationOptions } from './operations/follow-operation';

export { FactumError, isFactumError } from './errors/factum-error';
export { createStderrLogger, silentLogger, stderrLogger } from './logging/logger';
export type { Logger, LogLevel, StderrLoggerOptions } from './logging/logger';
export {
  CheckpointConflictError,
  DuplicateEventError,
  InvalidInputError,
  StoreClosedError,
  StoreUnavailableError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from './errors/store-errors';
export type { WriteOutcome } from './errors/store-errors';
export { LeaseExpiredError, SessionEndedError } from './errors/subscriber-store-errors';
export {
  DeadLetterNotFoundError,
  OperationFailedError,
  OperationTimeoutError,
  SubscriberNotRunningError,
  UnknownSubscriberError,
} from './errors/operation-errors';

export { InMemoryCheckpointStore } from './in-memory/in-memory-checkpoint-store';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { InMemorySnapshotStore } from './in-memory/in-memory-snapshot-store';
export { InMemoryDeadLetterStore } from './in-memory/in-memory-dead-letter-store';
export { InMemoryProcessStateStore } from './in-memory/in-memory-process-state-store';
export { InMemorySubscriberLocks } from './in-memory/in-memory-subscriber-locks';
export { InMemorySubscriberStore } from './in-memory/in-memory-subscriber-store';
export { InMemorySubscriberOperations } from './in-memory/in-memory-subscriber-operations';
export type { InMemorySubscriberStoreParts } from './in-memory/in-memory-subscriber-store';

export { catchUpSubscription, DEFAULT_BATCH_SIZE } from './subscriptions/catch-up-subscription';
export type { CatchUpOptions, CatchUpSource } from './subscriptions/catch-up-subscription';

// Building blocks for store implementers, so every store validates input the same way.
export { checkExpectedVersion, checkLimit, expectedVersionHolds, MAX_SCHEMA_VERSION, validateAppend } from './validation/append-input';
export type { ValidatedEvent } from './validation/append-input';
export { checkIdentifier, identifierProblem, MAX_IDENTIFIER_BYTES } from './validation/identifier';
export { recordedEvent } from './validation/recorded-event';
export { randomId } from './ids/random-id';
export type { EventPlacement } from './validation/recorded-event';
export { checkFilter } from './validation/event-filter';
export { checkStartMarker } from './validation/start-marker-input';
export { checkListStreamsOptions, checkReadCorrelated } from './validation/stream-listing-input';
export type { CheckedListStreamsOptions } from './validation/stream-listing-input';
export { adoptJsonObject, MAX_JSON_DEPTH, sameJson, toFrozenJson, type AdoptJsonOptions } from './validation/json-value';
export { checkAcceptResends, isResendOf } from './validation/resends';
export { checkOccurredBefore } from './validation/read-bounds';
export { checkText, describeValue, textProblem, toKeepableText, utf8ByteLength } from './validation/text';
export { checkDeleteStreamOptions, checkDirection, checkOptionsObject, checkReadStreamOptions } from './validation/store-options';
export { checkOperationError, checkOperationOutcome, checkOperationRequest, checkSubscriberReport } from './validation/operation-input';
export { checkDeadLetter, checkProcessInstance, checkSetCheckpointOptions, checkSnapshot } from './validation/subscriber-input';
export type { ValidatedSnapshot } from './validation/subscriber-input';

// The conformance suite is on its own subpath: `@factum/event-store/conformance`.
