import { FactumError } from '@factum/event-store';

/**
 * A business rule refused the command (`'InsufficientFunds'`, `'AccountAlreadyOpen'`). Thrown
 * by command handlers; `dispatch` rejects with it and nothing is appended. The code is yours:
 * callers match on it.
 */
export class DomainError extends FactumError {
  constructor(
    code: string,
    message: string,
    /** Anything the caller needs to explain the refusal (limits, current values...). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(code, message);
  }
}

export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
