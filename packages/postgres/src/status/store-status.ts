import type { GlobalPosition } from '@factum/event-store';
import type { SqlExecutor } from '../client/sql-client';
import { SchemaNotMigratedError } from '../errors/postgres-errors';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../migrations/run-migrations';
import { formatPosition, parsePosition } from '../positions/position-token';
import type { StoreSchema } from '../schema/store-schema';
import { countLogStatement } from '../sql/event-statements';
import { horizonStatement } from '../sql/horizon-statement';
import { heldBackStatement, horizonHoldersStatement, type HorizonHolderRow } from '../sql/status-statements';
import { listCheckpointsStatement } from '../sql/checkpoint-statements';

/** Counts (lag, held-back events) stop here: status must stay cheap on a large log. */
export const STATUS_COUNT_CAP = 100_000;

/** An open append of this store: the only kind of transaction that holds its readers back. */
export interface HorizonHolder {
  /** The backend's process id (`null` for a prepared transaction, which has no backend). */
  pid: number | null;
  database: string | null;
  user: string | null;
  applicationName: string | null;
  /** `active`, `idle in transaction`... (`prepared` for a prepared transaction). */
  state: string | null;
  /** Its transaction id (32-bit form, as `pg_stat_activity` shows it); `null` before it has one. */
  transactionId: string | null;
  /** How many transaction ids old it is (`age(backend_xid)`); `null` before it has an id. */
  transactionAge: number | null;
  transactionStartedAt: Date | null;
  queryStartedAt: Date | null;
  /** The start of its current or last statement (200 characters at most). */
  query: string | null;
  /** Whether it is the oldest open append: the one that holds subscribers back right now. */
  holdsHorizon: boolean;
}

export interface CheckpointStatus {
  name: string;
  position: GlobalPosition;
  updatedAt: Date;
  /** Readable events after the checkpoint (at most `STATUS_COUNT_CAP`); `null` if the position is not one of this store. */
  lag: number | null;
  /** True when the lag reached the cap and is at least `lag`. */
  lagCapped: boolean;
}

export interface StoreStatus {
  schema: string;
  /** The applied migration version, and the one this code expects. */
  schemaVersion: number;
  latestSchemaVersion: number;
  /** The last event a `readAll` returns now; `null` when nothing is readable. */
  headPosition: GlobalPosition | null;
  /**
   * The readable horizon: the id of the oldest open append of this store, or the next
   * transaction id when none is open. Events of transactions from it on are not readable yet.
   */
  horizon: string;
  heldBack: {
    /** Committed events not yet readable because an older append is still open (at most `STATUS_COUNT_CAP`). */
    events: number;
    capped: boolean;
    /** The open appends of this store, oldest first (at most 5). Nothing else holds readers back. */
    holders: HorizonHolder[];
  };
  checkpoints: CheckpointStatus[];
}

/** One consistent look at the store: the figures an operator needs when subscribers seem stuck. */
export async function readStoreStatus(executor: SqlExecutor, schema: StoreSchema): Promise<StoreStatus> {
  const version = await schemaVersion(executor, schema);
  if (version === 0) throw new SchemaNotMigratedError(schema.name);
  const horizon = (await executor.query<{ horizon: string }>(horizonStatement(schema))).rows[0]!.horizon;
  const held = (
    await executor.query<{ head_transaction_id: string | null; head_position: string | null; held_back: string }>(heldBackStatement(schema), [
      horizon,
      STATUS_COUNT_CAP,
    ])
  ).rows[0]!;
  const holders = (await executor.query<HorizonHolderRow>(horizonHoldersStatement(schema), [horizon])).rows.map((row): HorizonHolder => ({
    pid: row.pid,
    database: row.database,
    user: row.user_name,
    applicationName: row.application_name,
    state: row.state,
    transactionId: row.transaction_id,
    transactionAge: row.transaction_age === null ? null : Number(row.transaction_age),
    transactionStartedAt: row.transaction_started_at,
    queryStartedAt: row.query_started_at,
    query: row.query,
    holdsHorizon: row.holds_horizon,
  }));
  const checkpoints: CheckpointStatus[] = [];
  for (const row of (await executor.query<{ name: string; position: string; updated_at: Date }>(listCheckpointsStatement(schema))).rows) {
    let lag: number | null = null;
    const after = positionOrNull(row.position);
    if (after) {
      const { text, params } = countLogStatement(schema, { horizon, after }, STATUS_COUNT_CAP);
      lag = Number((await executor.query<{ count: string }>(text, params)).rows[0]!.count);
    }
    checkpoints.push({ name: row.name, position: row.position as GlobalPosition, updatedAt: row.updated_at, lag, lagCapped: lag === STATUS_COUNT_CAP });
  }
  const heldBack = Number(held.held_back);
  return {
    schema: schema.name,
    schemaVersion: version,
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    headPosition: held.head_transaction_id && held.head_position ? formatPosition(held.head_transaction_id, held.head_position) : null,
    horizon,
    heldBack: { events: heldBack, capped: heldBack === STATUS_COUNT_CAP, holders },
    checkpoints,
  };
}

function positionOrNull(position: string): ReturnType<typeof parsePosition> | null {
  try {
    return parsePosition(position);
  } catch {
    return null;
  }
}
