import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

export const RequestTransfer = defineCommand(
  'RequestTransfer',
  z
    .object({ transferId: z.string().min(1), from: z.string().min(1), to: z.string().min(1), amount: z.number().int().positive() })
    .refine((transfer) => transfer.from !== transfer.to, { message: 'a transfer needs two different accounts', path: ['to'] }),
);
export const CompleteTransfer = defineCommand('CompleteTransfer', z.object({ transferId: z.string() }));
export const FailTransfer = defineCommand('FailTransfer', z.object({ transferId: z.string(), reason: z.string(), refunded: z.boolean() }));

export const TransferRequested = defineEvent(
  'TransferRequested',
  z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number().int() }),
);
export const TransferCompleted = defineEvent('TransferCompleted', z.object({ transferId: z.string() }));
/** `refunded`: the money had left the source and was put back (the compensation ran). */
export const TransferFailed = defineEvent('TransferFailed', z.object({ transferId: z.string(), reason: z.string(), refunded: z.boolean() }));
