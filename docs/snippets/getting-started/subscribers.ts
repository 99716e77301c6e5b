// Compiled by `npm run typecheck` and run by the core tests, so docs/getting-started.md stays true.
import { On, ProcessManager, Projector, type DecodedEvent, type ProcessContext } from '@factum/core';
import { OrderPlaced, OrderShipped, ShipOrder } from './messages';

// A read model: what each customer has spent, and how many orders are still to ship.
@Projector({ name: 'customer-totals' })
export class CustomerTotals {
  readonly spent = new Map<string, number>();
  unshipped = 0;

  @On(OrderPlaced)
  placed(event: DecodedEvent<typeof OrderPlaced>): void {
    this.spent.set(event.data.customer, (this.spent.get(event.data.customer) ?? 0) + event.data.total);
    this.unshipped += 1;
  }

  @On(OrderShipped)
  shipped(): void {
    this.unshipped -= 1;
  }

  reset(): void {
    this.spent.clear();
    this.unshipped = 0;
  }
}

// A workflow: every placed order gets shipped. The key ties both events to one instance per order.
@ProcessManager({ name: 'shipping' })
export class Shipping {
  @On(OrderPlaced, { start: true, key: (data) => data.orderId })
  async placed(event: DecodedEvent<typeof OrderPlaced>, ctx: ProcessContext<{ orderId: string }>): Promise<void> {
    ctx.state = { orderId: event.data.orderId };
    await ctx.dispatch(ShipOrder({ orderId: event.data.orderId }));
  }

  @On(OrderShipped, { end: true, key: (data) => data.orderId })
  shipped(): void {}
}
