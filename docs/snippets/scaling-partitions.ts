// Compiled by `npm run typecheck`; packages/core/test/docs-scaling-snippet-partitions-its-subscribers.test.ts runs it.
import { On, Projector, ProcessManager, defineEvent, type DecodedEvent, type ProcessContext, type ProjectionContext } from '@factum/core';
import { z } from 'zod';

export const Deposited = defineEvent('Deposited', z.object({ accountId: z.string(), amount: z.number() }));
export const TransferRequested = defineEvent('TransferRequested', z.object({ transferId: z.string(), from: z.string(), to: z.string() }));

// Eight partitions, each with its own checkpoint and lease; events are split by stream id, so
// the events of one account are handled in order, by one process at a time.
@Projector({ name: 'balances', transactional: true, partitions: 8 })
export class Balances {
  @On(Deposited)
  async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext): Promise<void> {
    void event;
    void ctx; // write to the read model through ctx.tx
  }
}

// Split by something else than the stream: here, one partition per tenant prefix of the stream id.
@Projector({ name: 'tenant-totals', readModel: 'durable', partitions: 4, partitionBy: (event) => event.streamId.split('-')[1] ?? '' })
export class TenantTotals {
  @On(Deposited)
  deposited(): void {}
}

// A process manager's events are split by its instance key (here the transfer id), so one
// instance never spans two partitions.
@ProcessManager({ name: 'transfers', partitions: 4 })
export class Transfers {
  @On(TransferRequested, { start: true, key: (data) => data.transferId })
  requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProcessContext<{ step: string }>): void {
    void event;
    ctx.state = { step: 'requested' };
  }
}
