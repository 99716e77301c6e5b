import { partitionHash, type AppendResult } from '@factum/event-store';
import { databaseError } from '../client/database-error';
import { storeFailure } from '../client/store-failure';
import type { SqlClient } from '../client/sql-client';
import { isConnectionError } from '../client/transient-errors';
import type { CombinedAppendRow, CombinedPayloadEvent } from '../sql/combined-append-statement';
import { appendResult, expectedParameter, payloadEvents, type AppendInput } from './append-result';

export interface CombinedAppendStatement {
  sql: string;
  name: string;
}

/**
 * Sends appends of distinct streams as one combined statement (sql/combined-append-statement.ts)
 * in a transaction of its own. Gives each append's result, or `null` when the statement wrote
 * nothing and each append must be sent alone: the database refused it (any error it reports
 * about the statement rolls the whole transaction back), or a stream's lock was held elsewhere
 * (no row). A lost connection is not retried that way, as with a single append, whose outcome
 * is then unknown: `failure` turns it into each append's error.
 */
export async function sendCombinedAppend(
  client: SqlClient,
  statement: CombinedAppendStatement,
  appends: readonly AppendInput[],
  failure: (error: unknown, append: AppendInput) => Promise<unknown>,
): Promise<Array<PromiseSettledResult<AppendResult>> | null> {
  const events: CombinedPayloadEvent[] = [];
  appends.forEach((append, index) => {
    payloadEvents(append).forEach((event, place) => events.push({ ...event, a: index + 1, n: place + 1 }));
  });
  const params = [
    appends.map((append) => append.streamId),
    appends.map((append) => expectedParameter(append.expectedVersion)),
    JSON.stringify(events),
    appends.map((append) => partitionHash(append.streamId)),
  ];
  let rows: CombinedAppendRow[];
  try {
    rows = (await client.query<CombinedAppendRow>(statement.sql, params, { name: statement.name })).rows;
  } catch (error) {
    if (databaseError(error).code !== undefined && !isConnectionError(error)) return null;
    return Promise.all(appends.map(async (append): Promise<PromiseRejectedResult> => ({ status: 'rejected', reason: await failure(error, append) })));
  }
  if (rows.length === 0) return null;
  const byAppend = new Map(rows.map((row) => [Number(row.o_append), row]));
  return appends.map((append, index): PromiseSettledResult<AppendResult> => {
    const row = byAppend.get(index + 1);
    // Unreachable: the statement writes every append of the group or none.
    if (!row)
      return { status: 'rejected', reason: storeFailure(new Error('the combined append returned no row for it'), `append to stream '${append.streamId}'`) };
    return { status: 'fulfilled', value: appendResult(append, row) };
  });
}
