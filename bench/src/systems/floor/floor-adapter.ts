/**
 * The raw `pg` floor: what the hardware, the server and the driver allow for event-shaped rows
 * with no framework at all. One INSERT per single append, one multi-row INSERT per batch, a plain
 * SELECT per stream read and a naive `position > last` reader for catch-up.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inFlight, now } from '../../harness/concurrency.js';
import { DeliveryCheck } from '../../harness/delivery-check.js';
import { median, perSecond } from '../../harness/stats.js';
import { catchUpPlan, commandFor, deposited, EVENT_TYPE, streamName, writersFor, type DepositedData } from '../../workloads/event-shapes.js';
import type { SystemAdapter, WorkloadContext } from '../../workloads/types.js';
import { measureProjectionSql } from './projection-sql.js';
import { FLOOR_SCHEMA, INSERT_COLUMNS, READ_ALL_AFTER, READ_STREAM, valuesPlaceholders } from './floor-schema.js';

const METADATA = '{}';

function pool(context: WorkloadContext, max: number): pg.Pool {
  return new pg.Pool({ connectionString: context.databaseUrl(), max });
}

async function withPool<T>(context: WorkloadContext, max: number, body: (db: pg.Pool) => Promise<T>): Promise<T> {
  const db = pool(context, max);
  try {
    return await body(db);
  } finally {
    await db.end();
  }
}

function rowParams(stream: string, version: number, data: DepositedData): unknown[] {
  return [randomUUID(), stream, version, EVENT_TYPE, JSON.stringify(data), METADATA];
}

async function insertBatch(db: pg.Pool | pg.PoolClient, stream: string, firstVersion: number, events: DepositedData[]): Promise<void> {
  const params = events.flatMap((data, i) => rowParams(stream, firstVersion + i + 1, data));
  await db.query(INSERT_COLUMNS + valuesPlaceholders(events.length), params);
}

async function createSchema(context: WorkloadContext): Promise<Record<string, number>> {
  await withPool(context, 1, (db) => db.query(FLOOR_SCHEMA));
  return {};
}

/** The catch-up log (also read by `projection-sql`): 16 writers, 20 events per insert. */
async function writeCatchUpLog(context: WorkloadContext): Promise<Record<string, number>> {
  await createSchema(context);
  const { events, streams, writers, eventsPerAppend } = context.params;
  const plan = catchUpPlan(events!, streams!, eventsPerAppend!);
  const lanes = writersFor(writers!, streams!);
  await withPool(context, lanes, (db) =>
    inFlight(plan.appends, lanes, (j) => insertBatch(db, streamName(plan.streamOf(j)), plan.firstVersionOf(j), plan.eventsOf(j))),
  );
  await withPool(context, 1, (db) => db.query('VACUUM ANALYZE events'));
  return {};
}

export const floorAdapter: SystemAdapter = {
  name: 'floor',
  workloads: {
    'append-single': {
      setup: createSchema,
      async measure(context) {
        const { streams, concurrency, pool: size } = context.params;
        return withPool(context, size!, async (db) => {
          await inFlight(size!, size!, () => db.query('SELECT 1')); // open every connection before timing
          const started = now();
          await inFlight(streams!, concurrency!, (i) =>
            db.query(INSERT_COLUMNS + valuesPlaceholders(1), rowParams(streamName(i), 1, deposited(i, streamName(i)))),
          );
          return { value: perSecond(streams!, now() - started) };
        });
      },
    },

    'append-batch': {
      setup: createSchema,
      async measure(context) {
        const { streams, batchSize } = context.params;
        return withPool(context, 1, async (db) => {
          const batches = Array.from({ length: streams! }, (_, s) =>
            Array.from({ length: batchSize! }, (_, i) => deposited(s * batchSize! + i, streamName(s))),
          );
          await db.query('SELECT 1');
          const started = now();
          for (let s = 0; s < streams!; s++) await insertBatch(db, streamName(s), 0, batches[s]!);
          return { value: perSecond(streams! * batchSize!, now() - started) };
        });
      },
    },

    'read-stream': {
      async setup(context) {
        await createSchema(context);
        const { events } = context.params;
        await withPool(context, 1, async (db) => {
          for (let from = 0; from < events!; from += 1000) {
            const chunk = Array.from({ length: Math.min(1000, events! - from) }, (_, i) => deposited(from + i, 'account-reader'));
            await insertBatch(db, 'account-reader', from, chunk);
          }
          await db.query('VACUUM ANALYZE events');
        });
        return {};
      },
      async measure(context) {
        const { events, reads } = context.params;
        return withPool(context, 1, async (db) => {
          const times: number[] = [];
          for (let r = 0; r < reads!; r++) {
            const started = now();
            const { rows } = await db.query<{ version: number; data: DepositedData }>(READ_STREAM, ['account-reader']);
            let sum = 0;
            for (const row of rows) sum += row.data.amount;
            times.push(now() - started);
            if (rows.length !== events! || sum <= 0) throw new Error(`read ${rows.length} events, expected ${events}`);
          }
          return { value: median(times), eventsPerSecond: perSecond(events!, median(times)) };
        });
      },
    },

    'catch-up': {
      setup: writeCatchUpLog,
      async measure(context) {
        const { events, batchSize } = context.params;
        const check = new DeliveryCheck(events!);
        return withPool(context, 1, async (db) => {
          await db.query('SELECT 1');
          const started = now();
          let after = '0';
          for (;;) {
            const { rows } = await db.query<{ position: string; data: DepositedData }>(READ_ALL_AFTER, [after, batchSize]);
            for (const row of rows) check.record(row.data.n);
            if (rows.length < batchSize!) break;
            after = rows[rows.length - 1]!.position;
          }
          const elapsed = now() - started;
          const { rows } = await db.query<{ stored: number }>('SELECT count(*)::int AS stored FROM events');
          return { value: perSecond(check.delivered, elapsed), ...check.figures(), stored: rows[0]!.stored };
        });
      },
    },

    'projection-sql': {
      setup: writeCatchUpLog,
      measure: (context) => withPool(context, 2, (db) => measureProjectionSql(context, db)),
    },

    command: {
      setup: createSchema,
      async measure(context) {
        const { aggregates, commands, concurrency, pool: size } = context.params;
        return withPool(context, size!, async (db) => {
          await inFlight(size!, size!, () => db.query('SELECT 1'));
          const started = now();
          await inFlight(commands!, concurrency!, async (i) => {
            const command = commandFor(i, aggregates!);
            const stream = streamName(Number(command.accountId));
            // Load: fold the stream; decide; append at the next version (the unique index guards it).
            const { rows } = await db.query<{ version: number; data: DepositedData }>('SELECT version, data FROM events WHERE stream = $1 ORDER BY version', [
              stream,
            ]);
            let balance = 0;
            for (const row of rows) balance += row.data.amount;
            if (command.amount <= 0 || balance < 0) throw new Error('rejected');
            await insertBatch(db, stream, rows.length, [deposited(command.n, stream)]);
          });
          return { value: perSecond(commands!, now() - started) };
        });
      },
    },
  },
};
