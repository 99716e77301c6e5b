import { isDeepStrictEqual } from 'node:util';

interface Message {
  readonly type: string;
  readonly data: unknown;
}

/** Message data as the store keeps it (JSON), so `{ a: undefined }` equals `{}`. */
export function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function sameMessages(expected: readonly Message[], actual: readonly Message[]): boolean {
  return (
    expected.length === actual.length &&
    expected.every((message, index) => message.type === actual[index]!.type && isDeepStrictEqual(asJson(message.data), asJson(actual[index]!.data)))
  );
}

/** One message a line, numbered, so a diff of two lists reads at a glance. */
export function describeMessages(messages: readonly Message[]): string {
  if (messages.length === 0) return '  (none)';
  return messages.map((message, index) => `  ${index + 1}. ${message.type} ${JSON.stringify(message.data)}`).join('\n');
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
