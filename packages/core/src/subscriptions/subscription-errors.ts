import { FactumError, type GlobalPosition } from '@factum/event-store';

/**
 * `dispatch` with strong consistency (or `app.subscribers.waitFor`) waited longer than
 * `timeoutMs`. A dispatched command succeeded: its events are stored; only the subscribers named
 * in `pending` had not caught up yet.
 */
export class ConsistencyTimeoutError extends FactumError {
  static readonly code = 'CONSISTENCY_TIMEOUT';
  /** `streamId` is `null` when the wait was `app.subscribers.waitFor(position)`, not a dispatch. */
  constructor(
    readonly streamId: string | null,
    readonly position: GlobalPosition,
    readonly pending: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(
      ConsistencyTimeoutError.code,
      streamId === null
        ? `${pending.join(', ')} had not handled the events up to position ${position} within ${timeoutMs} ms. ` +
            'They may still be catching up: wait again, or raise timeoutMs.'
        : `The events were stored (stream '${streamId}', position ${position}), but ${pending.join(', ')} had not processed them ` +
            `within ${timeoutMs} ms. Do not dispatch the command again; read later, or raise timeoutMs.`,
    );
  }
}

/**
 * `dispatch` with strong consistency (or `app.subscribers.waitFor`) waited on a subscriber that
 * is stopped (its error policy halted it). A dispatched command succeeded and its events are
 * stored; the read model will not catch up until the subscriber is fixed and restarted.
 */
export class SubscriberStoppedError extends FactumError {
  static readonly code = 'SUBSCRIBER_STOPPED';
  /** `streamId` is `null` when the wait was `app.subscribers.waitFor(position)`, not a dispatch. */
  constructor(
    readonly streamId: string | null,
    readonly position: GlobalPosition,
    readonly subscriber: string,
    readonly lastError: string | null,
  ) {
    const stopped = `subscriber '${subscriber}' is stopped${lastError ? ` after: ${lastError}` : ''}`;
    const fix = `Fix the cause and call app.subscribers.restart('${subscriber}').`;
    super(
      SubscriberStoppedError.code,
      streamId === null
        ? `${stopped.charAt(0).toUpperCase()}${stopped.slice(1)}; it will not reach position ${position} by itself. ${fix}`
        : `The events were stored (stream '${streamId}', position ${position}), but ${stopped}. ${fix}`,
    );
  }
}

// One class for every package: the CLI (in @factum/postgres) names unknown subscribers with it too.
export { UnknownSubscriberError } from '@factum/event-store';

/** Two subscribers share a name, or a name is not allowed; names are what checkpoints are stored under. */
export class InvalidSubscriberError extends FactumError {
  static readonly code = 'INVALID_SUBSCRIBER';
  constructor(
    readonly subscriber: string,
    problem: string,
  ) {
    super(InvalidSubscriberError.code, `Subscriber '${subscriber}': ${problem}`);
  }
}

/** A rebuild was asked of a subscriber that cannot be rebuilt, or that is not running here. */
export class RebuildRefusedError extends FactumError {
  static readonly code = 'REBUILD_REFUSED';
  constructor(
    readonly subscriber: string,
    reason: string,
  ) {
    super(RebuildRefusedError.code, `Cannot rebuild '${subscriber}': ${reason}`);
  }
}

/**
 * A subscriber's partition count differs from the one its checkpoints were kept with (or it was
 * unpartitioned before): events would move between partitions, and some would be handled twice
 * or never. Nothing was started. Keep the old count, or give the subscriber a new name: a new
 * subscription is built from the start with the new count.
 */
export class PartitionCountChangedError extends FactumError {
  static readonly code = 'PARTITION_COUNT_CHANGED';
  constructor(
    readonly subscriber: string,
    readonly stored: number,
    readonly declared: number,
  ) {
    super(
      PartitionCountChangedError.code,
      `Subscriber '${subscriber}' declares ${declared} partition(s), but its checkpoints were kept with ${stored}. ` +
        'Changing the count would move events between partitions. Keep partitions: ' +
        `${stored}, or rename the subscriber (e.g. '${subscriber}-v2') to build it again from its start with the new count.`,
    );
  }
}
