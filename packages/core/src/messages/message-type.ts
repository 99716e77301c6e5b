import { ConfigurationError } from '../errors/configuration-error';

/**
 * Message types are names the user chose and the store keeps forever, so they are checked once,
 * where they are defined: the same rules the store applies to event types.
 */
export function checkMessageType(type: unknown, what: 'command' | 'event'): string {
  if (typeof type !== 'string' || type.length === 0 || type.trim() !== type || type.length > 1000 || type.includes('\u0000')) {
    throw new ConfigurationError(
      `A ${what} type must be a non-empty string without surrounding whitespace (got ${JSON.stringify(type)}); ` +
        `pass the name as the first argument of define${what === 'command' ? 'Command' : 'Event'}.`,
    );
  }
  return type;
}

export function checkSchema(schema: unknown, type: string): void {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) {
    throw new ConfigurationError(`'${type}' needs a zod schema as its second argument, e.g. z.object({ ... }).`);
  }
}
