import { isMissingSchemaError } from '../client/database-error';
import { storeFailure } from '../client/store-failure';
import { SchemaNotMigratedError } from '../errors/postgres-errors';
import type { StoreSchema } from './store-schema';

/**
 * Runs a statement of a store, reporting a missing table or function as "run the migrations" and
 * any other driver failure as a typed error (`StoreUnavailableError`, `DatabaseQueryError`).
 * `operation` names what was attempted; `write` says whether its outcome must be reported.
 */
export async function guardSchema<T>(
  schema: StoreSchema,
  statement: () => Promise<T>,
  operation = `a statement of the '${schema.name}' store`,
  write = false,
): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    if (isMissingSchemaError(error)) throw new SchemaNotMigratedError(schema.name, { cause: error });
    throw storeFailure(error, operation, { write });
  }
}
