import { FactumError } from '@factum/event-store';

/**
 * JetStream did not take a message: it refused it (e.g. `wrong last msg ID` when the message
 * before it never arrived), no stream takes its subject, no acknowledgement came in time, or it
 * was not sent because one before it in the same run had failed. The publisher starts over from
 * its checkpoint; nothing is lost.
 */
export class PublishRefusedError extends FactumError {
  static readonly code = 'NATS_PUBLISH_REFUSED';
  constructor(
    message: string,
    /** The JetStream API error code (10070: wrong last message id), when the server gave one. */
    readonly apiCode?: number,
  ) {
    super(PublishRefusedError.code, message);
  }
}
