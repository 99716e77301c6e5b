import { AssertionError } from 'node:assert';
import { describeValue } from '../../validation/text';

/** An error carrying a Factum error code; matched by code, as users are told to. */
export type CodedError = Error & { code: string } & Record<string, unknown>;

/**
 * Runs `action` and asserts that it fails (by throwing or rejecting) with a Factum error of one
 * of `codes`. Returns the error for further checks.
 */
export async function expectError(action: () => unknown, codes: string | readonly string[], what: string): Promise<CodedError> {
  const wanted = typeof codes === 'string' ? [codes] : codes;
  let outcome: unknown;
  try {
    outcome = await action();
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (error instanceof Error && typeof code === 'string' && wanted.includes(code)) return error as CodedError;
    throw new AssertionError({
      message: `${what}: expected an error with code ${wanted.join(' or ')}, got ${describeError(error)}`,
      actual: error,
      expected: wanted,
    });
  }
  throw new AssertionError({ message: `${what}: expected an error with code ${wanted.join(' or ')}, but it succeeded`, actual: outcome });
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${code === undefined ? '' : ` (code ${describeValue(code)})`}: ${error.message}`;
  }
  return String(error);
}
