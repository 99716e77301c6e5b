import { FactumError, type GlobalPosition } from '@factum/event-store';

/**
 * `dispatch` with strong consistency waited longer than `timeoutMs`. The command succeeded: its
 * events are stored; only the read models named in `pending` had not caught up yet.
 */
export class ConsistencyTimeoutError extends FactumError {
  static readonly code = 'CONSISTENCY_TIMEOUT';
  constructor(
    readonly streamId: string,
    readonly position: GlobalPosition,
    readonly pending: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(
      ConsistencyTimeoutError.code,
      `The events were stored (stream '${streamId}', position ${position}), but ${pending.join(', ')} had not processed them ` +
        `within ${timeoutMs} ms. Do not dispatch the command again; read later, or raise timeoutMs.`,
    );
  }
}

/**
 * `dispatch` with strong consistency waited on a subscriber that is stopped (its error policy
 * halted it). The command succeeded and its events are stored; the read model will not catch
 * up until the subscriber is fixed and restarted.
 */
export class SubscriberStoppedError extends FactumError {
  static readonly code = 'SUBSCRIBER_STOPPED';
  constructor(
    readonly streamId: string,
    readonly position: GlobalPosition,
    readonly subscriber: string,
    readonly lastError: string | null,
  ) {
    super(
      SubscriberStoppedError.code,
      `The events were stored (stream '${streamId}', position ${position}), but subscriber '${subscriber}' is stopped` +
        `${lastError ? ` after: ${lastError}` : ''}. Fix the cause and call app.subscribers.restart('${subscriber}').`,
    );
  }
}

export class UnknownSubscriberError extends FactumError {
  static readonly code = 'UNKNOWN_SUBSCRIBER';
  constructor(
    readonly subscriber: string,
    readonly known: readonly string[],
  ) {
    super(UnknownSubscriberError.code, `No subscriber is named '${subscriber}'. Known: ${known.length ? known.join(', ') : 'none'}.`);
  }
}

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
