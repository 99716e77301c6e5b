// Compiled by `npm run typecheck` and run by the core tests, so docs/getting-started.md stays true.
import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

// Commands ask, events tell. The type name is yours and is stored with every event: never rename it.
export const PlaceOrder = defineCommand('PlaceOrder', z.object({ orderId: z.string(), customer: z.string(), total: z.number().int().positive() }));
export const ShipOrder = defineCommand('ShipOrder', z.object({ orderId: z.string() }));

export const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string(), customer: z.string(), total: z.number() }));
export const OrderShipped = defineEvent('OrderShipped', z.object({ orderId: z.string() }));
