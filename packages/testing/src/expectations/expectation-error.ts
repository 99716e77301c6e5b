import { FactumError } from '@factum/event-store';

/** A fixture's expectation did not hold; the message shows what was expected and what happened. */
export class ExpectationError extends FactumError {
  static readonly code = 'EXPECTATION_FAILED';
  constructor(message: string) {
    super(ExpectationError.code, message);
  }
}
