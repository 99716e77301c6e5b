import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

/** What the bank's messages become here: tell the customer how their transfer ended. */
export const SendTransferNotice = defineCommand(
  'SendTransferNotice',
  z.object({ transferId: z.string().min(1), outcome: z.enum(['completed', 'failed']), reason: z.string().optional() }),
);

export const TransferNoticeSent = defineEvent(
  'TransferNoticeSent',
  z.object({ transferId: z.string(), outcome: z.enum(['completed', 'failed']), text: z.string() }),
);
