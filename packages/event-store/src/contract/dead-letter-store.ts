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
  /** Forgets a dead letter, e.g. once it has been dealt with by hand. */
  delete(subscriber: string, eventId: string): Promise<void>;
}
