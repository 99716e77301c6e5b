// Commands ask, events tell. Each is a type name you choose plus a zod schema; the TypeScript
// types come from the schema. The type name is stored with every event: never rename it.
import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

export const PlaceOrder = defineCommand('PlaceOrder', z.object({ orderId: z.string(), customer: z.string(), total: z.number().int().positive() }));
export const ShipOrder = defineCommand('ShipOrder', z.object({ orderId: z.string() }));

export const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string(), customer: z.string(), total: z.number() }));
export const OrderShipped = defineEvent('OrderShipped', z.object({ orderId: z.string() }));
