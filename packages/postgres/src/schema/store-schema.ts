import { InvalidInputError } from '@factum/event-store';

export const DEFAULT_SCHEMA = 'factum';

// Plain lower-case identifiers only: a schema name is spliced into SQL (it cannot be a
// parameter), so anything that would need quoting or escaping is refused outright. 48
// characters leave room for the notification channel name derived from it (63 at most).
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** The Postgres schema a store's tables live in, with the names Factum's SQL derives from it. */
export interface StoreSchema {
  readonly name: string;
  /** `"schema"."name"`: a table, sequence or function of the store. */
  qualify(name: string): string;
  /** The NOTIFY channel on which appends to this schema are announced. */
  readonly appendChannel: string;
  /**
   * A prepared-statement name for one of the store's statements, unique per schema. `kind` is a
   * short fixed word (at most 12 characters) so that the name stays within Postgres's 63.
   */
  statementName(kind: string): string;
}

export function checkSchemaName(name: unknown): string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    throw new InvalidInputError(
      'schema',
      `${JSON.stringify(name)} is not a plain lower-case identifier: use 1 to 48 characters of a-z, 0-9 and _, not starting with a digit`,
    );
  }
  if (name.startsWith('pg_') || name === 'information_schema') {
    throw new InvalidInputError('schema', `'${name}' is reserved by PostgreSQL; choose another schema name`);
  }
  return name;
}

export function storeSchema(name: string = DEFAULT_SCHEMA): StoreSchema {
  const checked = checkSchemaName(name);
  return {
    name: checked,
    qualify: (object) => `"${checked}"."${object}"`,
    appendChannel: `factum_appended_${checked}`.slice(0, 63),
    statementName: (kind) => `${kind.slice(0, 12)}_${checked}`,
  };
}
