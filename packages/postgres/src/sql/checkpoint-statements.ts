import type { StoreSchema } from '../schema/store-schema';

export function getCheckpointStatement(schema: StoreSchema): string {
  return `select position from ${schema.qualify('checkpoints')} where name = $1`;
}

export function setCheckpointStatement(schema: StoreSchema): string {
  return `insert into ${schema.qualify('checkpoints')} as c (name, position, updated_at) values ($1, $2, now())
    on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at`;
}

/** Fenced write for "no checkpoint yet": only the first writer creates it. */
export function createCheckpointStatement(schema: StoreSchema): string {
  return `insert into ${schema.qualify('checkpoints')} (name, position, updated_at) values ($1, $2, now())
    on conflict (name) do nothing`;
}

/**
 * Fenced write (compare-and-swap): moves the checkpoint only from the position the writer last
 * saw. Under concurrent writers the row lock makes the second re-check the new value and miss.
 */
export function moveCheckpointStatement(schema: StoreSchema): string {
  return `update ${schema.qualify('checkpoints')} set position = $2, updated_at = now() where name = $1 and position = $3`;
}

export function deleteCheckpointStatement(schema: StoreSchema): string {
  return `delete from ${schema.qualify('checkpoints')} where name = $1`;
}

export function listCheckpointsStatement(schema: StoreSchema): string {
  return `select name, position, updated_at from ${schema.qualify('checkpoints')} order by name collate "C"`;
}
