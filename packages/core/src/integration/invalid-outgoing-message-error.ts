import { FactumError } from '@factum/event-store';

/**
 * An `@IntegrationPublisher` mapping returned something that is not a message it can publish (no
 * subject, a header that is not a string or is one of Factum's, a payload JSON cannot encode).
 * It fails the event like any handler error: retried, then the publisher's `onError` decides.
 */
export class InvalidOutgoingMessageError extends FactumError {
  static readonly code = 'INVALID_OUTGOING_MESSAGE';
  constructor(
    readonly publisher: string,
    readonly eventType: string,
    reason: string,
  ) {
    super(InvalidOutgoingMessageError.code, `Integration publisher '${publisher}' mapped a ${eventType} event to an invalid message: ${reason}`);
  }
}
