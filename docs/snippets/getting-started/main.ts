// Compiled by `npm run typecheck` and run by the core tests, so docs/getting-started.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { PlaceOrder } from './messages';
import { Order } from './order';
import { CustomerTotals, Shipping } from './subscribers';

export async function main(): Promise<{ spent: number | undefined; unshipped: number; status: string | undefined }> {
  const app = await createApp({
    store: new InMemoryEventStore(),
    aggregates: [Order],
    projectors: [CustomerTotals],
    processManagers: [Shipping],
  });
  await app.start();

  await app.dispatch(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 }), { consistency: 'strong' });
  await app.dispatch(PlaceOrder({ orderId: 'o-2', customer: 'ada', total: 700 }), { consistency: 'strong' });

  // The process manager ships each order in the background. Wait until both are shipped
  // (the test helpers of @factum/testing do this without polling).
  const totals = app.container.get(CustomerTotals);
  for (let tries = 0; totals.unshipped > 0 && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));

  const order = await app.load(Order, 'o-1');
  await app.stop();
  return { spent: totals.spent.get('ada'), unshipped: totals.unshipped, status: order?.status };
}
