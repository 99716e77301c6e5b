/** The fields Postgres reports with an error, as both drivers expose them. */
export interface DatabaseErrorFields {
  code?: string;
  detail?: string;
  constraint?: string;
  message?: string;
}

export function databaseError(error: unknown): DatabaseErrorFields {
  if (typeof error !== 'object' || error === null) return {};
  const { code, detail, constraint, message } = error as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { code: text(code), detail: text(detail), constraint: text(constraint), message: text(message) };
}

/** Undefined table, function or schema: the store's schema has not been migrated (far enough). */
export function isMissingSchemaError(error: unknown): boolean {
  const { code } = databaseError(error);
  return code === '42P01' || code === '42883' || code === '3F000';
}
