import { FactumError } from '@factum/event-store';

/** The lock connection of a subscriber was lost (or closed): that subscriber stops in this process. */
export class SubscriberLockLostError extends FactumError {
  static readonly code = 'SUBSCRIBER_LOCK_LOST';
  constructor(
    readonly subscriber: string,
    reason: string,
  ) {
    super(
      SubscriberLockLostError.code,
      `Lost the lock of subscriber '${subscriber}' (${reason}). It stops here; another process (or this one, once reconnected) takes it over.`,
    );
  }
}
