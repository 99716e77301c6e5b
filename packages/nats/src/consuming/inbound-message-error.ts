import { FactumError } from '@factum/event-store';

/** A message the consumer cannot turn into a command: its payload is not JSON, or `toCommand` threw. */
export class InboundMessageError extends FactumError {
  static readonly code = 'INVALID_INBOUND_MESSAGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(InboundMessageError.code, message, options);
  }
}
