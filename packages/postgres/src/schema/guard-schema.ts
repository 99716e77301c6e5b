import { isMissingSchemaError } from '../client/database-error';
import { SchemaNotMigratedError } from '../errors/postgres-errors';
import type { StoreSchema } from './store-schema';

/** Runs a statement, reporting a missing table or function as "run the migrations". */
export async function guardSchema<T>(schema: StoreSchema, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    if (isMissingSchemaError(error)) throw new SchemaNotMigratedError(schema.name, { cause: error });
    throw error;
  }
}
