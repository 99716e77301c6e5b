// The app: the aggregates and subscribers, on whatever store it is given. main.ts gives it the
// configured store (src/store.ts); the tests give the same parts to createTestApp, in memory.
import { createApp, type App, type AppOptions } from '@factum/core';
import type { EventStore } from '@factum/event-store';
import { Order } from './order.aggregate';
import { OrderSummary } from './order-summary.projector';
import { Shipping } from './shipping.process-manager';

export const orderParts = {
  aggregates: [Order],
  projectors: [OrderSummary],
  processManagers: [Shipping],
} satisfies Omit<AppOptions, 'store'>;

export function createOrderApp(store: EventStore): Promise<App> {
  return createApp({ ...orderParts, store });
}
