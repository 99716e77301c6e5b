import type { StagedStatement } from '../projections/staged-writes';
import type { StoreSchema } from '../schema/store-schema';
import { bulkWriteStatement } from './bulk-write-statements';

/**
 * A subscriber's whole unit of work as one statement, for a unit that staged one statement's
 * worth of read-model rows and ran nothing else: the fenced checkpoint write, and the rows only
 * if it moved. One statement commits on its own (autocommit), atomically, so the unit needs no
 * BEGIN and COMMIT: one round trip instead of four.
 *
 * Parameters: `$1` the rows' JSON, `$2` the checkpoint's name, `$3` the new position, `$4` the
 * position it must still be at (absent for "no checkpoint yet"). The statement returns `moved`:
 * 1 when the checkpoint moved (and the rows were written), 0 when the fence refused (nothing was).
 * Data-modifying CTEs all run, on one snapshot; the write reads `moved` and so sees its outcome.
 */
export function fusedUnitStatement(schema: StoreSchema, expectsCheckpoint: boolean, write: StagedStatement): string {
  const checkpoints = schema.qualify('checkpoints');
  const move = expectsCheckpoint
    ? `update ${checkpoints} set position = $3, updated_at = now() where name = $2 and position = $4 returning 1`
    : `insert into ${checkpoints} (name, position, updated_at) values ($2, $3, now()) on conflict (name) do nothing returning 1`;
  const rows = bulkWriteStatement(write.table, write.shape, 'exists (select 1 from moved)')!;
  return `with moved as (${move}), written as (${rows}) select count(*)::int as moved from moved`;
}
