export type { AppendOptions, AppendResult, ExpectedVersion } from './contract/append';
export type { CheckpointRecord, CheckpointStore, SetCheckpointOptions } from './contract/checkpoint-store';
export type { EventStore } from './contract/event-store';
export type { EventMetadata, JsonValue, NewEvent, RecordedEvent } from './contract/events';
export { asGlobalPosition } from './contract/position';
export type { GlobalPosition, PositionComparator, StartPosition } from './contract/position';
export type { EventFilter, ReadAllOptions, ReadDirection, ReadStreamOptions, SubscribeOptions } from './contract/read';
export type { Snapshot, SnapshotStore } from './contract/snapshot-store';
export { streamCategory, streamIdFor } from './contract/stream-id';

export { FactumError, isFactumError } from './errors/factum-error';
export {
  CheckpointConflictError,
  DuplicateEventError,
  InvalidInputError,
  StoreClosedError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from './errors/store-errors';

export { InMemoryCheckpointStore } from './in-memory/in-memory-checkpoint-store';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { InMemorySnapshotStore } from './in-memory/in-memory-snapshot-store';

export { catchUpSubscription, DEFAULT_BATCH_SIZE } from './subscriptions/catch-up-subscription';
export type { CatchUpOptions, CatchUpSource } from './subscriptions/catch-up-subscription';

// Building blocks for store implementers, so every store validates input the same way.
export { checkExpectedVersion, checkIdentifier, checkLimit, expectedVersionHolds, validateAppend } from './validation/append-input';
export type { ValidatedEvent } from './validation/append-input';
export { toFrozenJson } from './validation/json-value';
