import { FactumError } from './factum-error';

/** The lease on a subscriber was taken away from its holder (see `InMemorySubscriberLocks.expire`). */
export class LeaseExpiredError extends FactumError {
  static readonly code = 'LEASE_EXPIRED';
  constructor(readonly subscriber: string) {
    super(LeaseExpiredError.code, `The lease on subscriber '${subscriber}' expired: another process may take it over.`);
  }
}

/** A write went through a subscriber session after its unit of work had ended; it was not kept. */
export class SessionEndedError extends FactumError {
  static readonly code = 'SESSION_ENDED';
  constructor() {
    super(SessionEndedError.code, 'This subscriber session has ended: write only inside the transaction callback, and await every write.');
  }
}
