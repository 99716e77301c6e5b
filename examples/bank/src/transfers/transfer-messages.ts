import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';
import { Cents } from '../accounts/money';
import { AccountId, StoredId, TransferId } from '../rules/bank-ids';

export const RequestTransfer = defineCommand(
  'RequestTransfer',
  z
    .object({ transferId: TransferId, from: AccountId, to: AccountId, amount: Cents })
    .refine((transfer) => transfer.from !== transfer.to, { message: 'a transfer needs two different accounts', path: ['to'] }),
);
// Sent by the process (and the dead-letter watch) about transfers already stored: any stored id.
export const CompleteTransfer = defineCommand('CompleteTransfer', z.object({ transferId: StoredId }));
export const FailTransfer = defineCommand('FailTransfer', z.object({ transferId: StoredId, reason: z.string(), refunded: z.boolean() }));

export const TransferRequested = defineEvent(
  'TransferRequested',
  z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number().int() }),
);
export const TransferCompleted = defineEvent('TransferCompleted', z.object({ transferId: z.string() }));
/** `refunded`: the money had left the source and was put back (the compensation ran). */
export const TransferFailed = defineEvent('TransferFailed', z.object({ transferId: z.string(), reason: z.string(), refunded: z.boolean() }));
