/**
 * The root of every error Factum throws. `code` is stable across releases: match on it, not on
 * the message or the class name (class names do not survive minification).
 */
export class FactumError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isFactumError(value: unknown, code?: string): value is FactumError {
  return value instanceof FactumError && (code === undefined || value.code === code);
}
