// A Factum app in a child process for the partition tests (see child-app.ts). Configured by
// environment: PARTITIONS, DELAY_MS (simulated work per event). Runs one partitioned
// transactional projector, `ledger`, that writes each event to `ledger` (counting how often it was
// applied) and `handled` (stream, version, process, in handling order); its reset empties
// `ledger`. Reports {"active":[...],"handled":n}.
import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import type { SqlTransaction } from '../../src/client/sql-client';
import { runChildApp } from './child-app';
import { Deposited } from './subscriptions-domain';

const delayMs = Number(process.env.DELAY_MS ?? 0);
let handled = 0;

function partitionedLedger(schema: string) {
  @Projector({ name: 'ledger', transactional: true, partitions: Number(process.env.PARTITIONS ?? 8) })
  class PartitionedLedger {
    @On(Deposited)
    async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await ctx.tx.query(
        `insert into "${schema}".ledger (event_id, account, amount, applied) values ($1, $2, $3, 1)
         on conflict (event_id) do update set applied = "${schema}".ledger.applied + 1`,
        [event.eventId, event.data.account, event.data.amount],
      );
      await ctx.tx.query(`insert into "${schema}".handled (stream_id, version, pid) values ($1, $2, $3)`, [event.streamId, event.version, process.pid]);
      handled++;
    }

    async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      await ctx.tx.query(`delete from "${schema}".ledger`);
    }
  }
  return PartitionedLedger;
}

runChildApp({
  projectors: (schema) => [partitionedLedger(schema)],
  subscriptions: { batchSize: Number(process.env.BATCH_SIZE ?? 50), drainTimeoutMs: 5_000 },
  poolSize: 12,
  report: () => ({ handled }),
});
