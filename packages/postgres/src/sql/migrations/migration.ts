import type { StoreSchema } from '../../schema/store-schema';

/**
 * One step of the store's schema. Steps are applied in `version` order, each once, recorded in
 * `<schema>.schema_migrations`; every statement is also written to be harmless when run again
 * (IF NOT EXISTS, CREATE OR REPLACE), so a half-finished manual run can simply be repeated.
 */
export interface Migration {
  version: number;
  name: string;
  /** Statements to run in order, in one transaction. */
  statements(schema: StoreSchema): string[];
}
