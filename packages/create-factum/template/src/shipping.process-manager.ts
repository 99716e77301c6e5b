// A workflow: every placed order gets shipped. A process manager starts at the head of the log (it
// never acts on history); the key ties both events to one instance per order. The commands it
// dispatches carry deterministic ids, so an event delivered twice never ships an order twice.
import { On, ProcessManager, type DecodedEvent, type ProcessContext } from '@factum/core';
import { OrderPlaced, OrderShipped, ShipOrder } from './messages';

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
