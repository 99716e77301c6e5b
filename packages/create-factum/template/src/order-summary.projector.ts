// A read model: how many orders there are, which are still to ship, and what each customer spent.
// It lives in memory and starts from the beginning of the log, so it is rebuilt at every start.
import { On, Projector, type DecodedEvent } from '@factum/core';
import { OrderPlaced, OrderShipped } from './messages';

@Projector({ name: 'order-summary' })
export class OrderSummary {
  orders = 0;
  readonly unshipped = new Set<string>();
  readonly spent = new Map<string, number>();

  @On(OrderPlaced)
  placed(event: DecodedEvent<typeof OrderPlaced>): void {
    this.orders += 1;
    this.unshipped.add(event.data.orderId);
    this.spent.set(event.data.customer, (this.spent.get(event.data.customer) ?? 0) + event.data.total);
  }

  @On(OrderShipped)
  shipped(event: DecodedEvent<typeof OrderShipped>): void {
    this.unshipped.delete(event.data.orderId);
  }

  /** Called before a rebuild: the read model starts empty again. */
  reset(): void {
    this.orders = 0;
    this.unshipped.clear();
    this.spent.clear();
  }

  /** A plain object, for printing or for an HTTP response. */
  view(): { orders: number; unshipped: number; spent: Record<string, number> } {
    return { orders: this.orders, unshipped: this.unshipped.size, spent: Object.fromEntries(this.spent) };
  }
}
