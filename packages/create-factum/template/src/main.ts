// `npm start`: places two orders, waits until the shipping process manager has shipped them, and
// prints the read model. With a store that keeps its events, every run adds to the earlier ones.
import { createOrderApp } from './app';
import { PlaceOrder } from './messages';
import { OrderSummary } from './order-summary.projector';
import { openStore } from './store';

async function main(): Promise<void> {
  const store = await openStore();
  try {
    const app = await createOrderApp(store.events);
    await app.start();
    try {
      // Order ids of this run: the orders of earlier runs may still be in the store.
      const run = Date.now().toString(36);
      const orders = [
        { orderId: `${run}-1`, customer: 'ada', total: 1_250 },
        { orderId: `${run}-2`, customer: 'ada', total: 700 },
      ];
      const summary = app.container.get(OrderSummary);
      // 'strong': dispatch resolves once the projector has seen the new events (read your writes).
      for (const order of orders) await app.dispatch(PlaceOrder(order), { consistency: 'strong' });
      // The process manager ships in the background: ShipOrder, then OrderShipped.
      await until(() => orders.every((order) => !summary.unshipped.has(order.orderId)), 'the orders to be shipped');
      console.log(summary.view());
    } finally {
      await app.stop();
    }
  } finally {
    await store.close();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
