import { FactumError } from './factum-error';

/** No subscriber has this name (in the app, or, for the CLI, in the store's checkpoints and reports). */
export class UnknownSubscriberError extends FactumError {
  static readonly code = 'UNKNOWN_SUBSCRIBER';
  constructor(
    readonly subscriber: string,
    readonly known: readonly string[],
  ) {
    super(UnknownSubscriberError.code, `No subscriber is named '${subscriber}'. Known: ${known.length ? known.join(', ') : 'none'}.`);
  }
}

/** An operation request was not taken up in time: no running process holds the subscriber's lease. */
export class OperationTimeoutError extends FactumError {
  static readonly code = 'OPERATION_TIMEOUT';
  constructor(
    readonly subscriber: string,
    readonly kind: string,
    readonly timeoutMs: number,
  ) {
    super(
      OperationTimeoutError.code,
      `No process took the '${kind}' request for subscriber '${subscriber}' within ${timeoutMs} ms, so nothing was done. ` +
        'Start an app that runs this subscriber (and check that it is not stopped by its host), then ask again.',
    );
  }
}

/**
 * A request was taken, but the process performing it stopped (no progress and no report of the
 * subscriber) for longer than the caller waits, and no process took over. The request stays
 * open: the next process to run the subscriber takes it up and performs it.
 */
export class SubscriberNotRunningError extends FactumError {
  static readonly code = 'SUBSCRIBER_NOT_RUNNING';
  constructor(
    readonly subscriber: string,
    readonly kind: string,
    /** The process that took the request and went silent. */
    readonly performer: string | null,
    readonly timeoutMs: number,
  ) {
    super(
      SubscriberNotRunningError.code,
      `No process runs subscriber '${subscriber}': ${performer ? `'${performer}', which took` : 'the process that took'} the '${kind}' request, ` +
        `has given no sign of life for ${timeoutMs} ms and none took over. The request stays open: the next process to run '${subscriber}' performs it.`,
    );
  }
}

/** The process running the subscriber performed the operation, and it failed there. */
export class OperationFailedError extends FactumError {
  static readonly code = 'OPERATION_FAILED';
  constructor(
    readonly subscriber: string,
    readonly kind: string,
    /** The code of the error the performer met, when it had one. */
    readonly reasonCode: string | null,
    readonly reason: string,
  ) {
    super(OperationFailedError.code, `'${kind}' of subscriber '${subscriber}' failed${reasonCode ? ` (${reasonCode})` : ''}: ${reason}`);
  }
}

/** No dead letter of this subscriber has this event id (it was retried or skipped already, or never failed). */
export class DeadLetterNotFoundError extends FactumError {
  static readonly code = 'DEAD_LETTER_NOT_FOUND';
  constructor(
    readonly subscriber: string,
    readonly eventId: string,
  ) {
    super(
      DeadLetterNotFoundError.code,
      `Subscriber '${subscriber}' has no dead letter for event '${eventId}': list them with app.subscribers.deadLetters('${subscriber}') or \`factum dead-letters list ${subscriber}\`.`,
    );
  }
}
