import { FactumError } from '@factum/event-store';

/**
 * The app is put together wrongly: a command handled twice, an aggregate without `@Aggregate`,
 * an event emitted that its aggregate cannot apply... Raised when the app is built (or at the
 * first moment the mistake can be seen), never as a business outcome.
 */
export class ConfigurationError extends FactumError {
  static readonly code = 'CONFIGURATION_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ConfigurationError.code, message, options);
  }
}
