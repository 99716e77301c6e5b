import { FactumError } from '@factum/event-store';

/** `@factum/nats` was set up wrongly: a missing connection, a bad stream or consumer setting. */
export class NatsConfigurationError extends FactumError {
  static readonly code = 'NATS_CONFIGURATION_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(NatsConfigurationError.code, message, options);
  }
}
