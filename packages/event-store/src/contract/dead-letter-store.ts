import type { GlobalPosition } from './position';

/** An error as a dead letter keeps it: plain data, so any store can persist it. */
export interface DeadLetterError {
  name: string;
  message: string;
  /** The `FactumError` code, when the error had one. */
  code: string | null;
  stack: string | null;
}

/** An event a subscriber gave up on (policy `skip`). The event itself stays in the log. */
export interface NewDeadLetter {
  subscriber: string;
  eventId: string;
  eventType: string;
  streamId: string;
  version: number;
  position: GlobalPosition;
  error: DeadLetterError;
  /** How many times the handler was tried before giving up. */
  attempts: number;
}

export interface DeadLetter extends NewDeadLetter {
  failedAt: Date;
}

/** Where skipped events are recorded, so nothing is dropped silently. */
export interface DeadLetterStore {
  /** Records a dead letter; recording the same (subscriber, event) again replaces the earlier one. */
  add(letter: NewDeadLetter): Promise<void>;
  /** Dead letters of one subscriber (or all), oldest first. */
  list(subscriber?: string): Promise<DeadLetter[]>;
  /**
   * Forgets a dead letter, e.g. once it has been dealt with by hand. Resolves `true` when this
   * call removed it, `false` when it was not there (never recorded, or removed by someone else
   * first): of two concurrent removals of one letter, at most one sees `true`. Within a session,
   * `true` means it is removed when the session commits; a session whose removal another one beat
   * to it does not commit (it rolls back, or its commit fails).
   */
  delete(subscriber: string, eventId: string): Promise<boolean>;
}
