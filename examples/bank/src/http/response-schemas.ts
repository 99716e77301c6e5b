// What the API answers, as zod schemas: documentation for the OpenAPI document (replies are not
// filtered through them). Kept next to the queries' row types they describe.
import { z } from 'zod';

export const ErrorBody = z
  .object({
    code: z.string().describe('stable: match on it (VALIDATION_FAILED, InsufficientFunds, NOT_FOUND...)'),
    message: z.string().describe('for people: what was wrong and what to do'),
    issues: z
      .array(z.object({ in: z.string().optional(), path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() }))
      .optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('Every error answer');

export const CommandAnswer = z.object({
  streamId: z.string(),
  version: z.number().int(),
  commandId: z.string(),
  alreadyHandled: z.boolean().describe('true when this Idempotency-Key was handled before: nothing new was done'),
});

export const StoredButBehind = z
  .object({
    code: z.enum(['CONSISTENCY_TIMEOUT', 'SUBSCRIBER_STOPPED']),
    message: z.string(),
    stored: z.literal(true),
    streamId: z.string(),
  })
  .describe('The command was stored, but the read models had not caught up when the answer was due: read again later, do not resend');

export const Balance = z.object({ accountId: z.string(), owner: z.string(), balance: z.number().int().describe('cents'), status: z.enum(['open', 'closed']) });

export const Transfer = z.object({
  transferId: z.string(),
  from: z.string(),
  to: z.string(),
  amount: z.number().int(),
  status: z.enum(['requested', 'completed', 'failed']),
  reason: z.string().nullable(),
  refunded: z.boolean(),
});

export const StatementAnswer = z.object({
  accountId: z.string(),
  lines: z.array(
    z.object({
      version: z.number().int(),
      kind: z.enum(['opened', 'deposit', 'withdrawal', 'closed']),
      amount: z.number().int(),
      balanceAfter: z.number().int(),
      transferId: z.string().nullable(),
      occurredAt: z.string(),
    }),
  ),
});

export const page = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), next: z.string().nullable().describe('pass as `after` for the next page; null on the last page') });

export const StreamAnswer = z.object({
  streamId: z.string(),
  events: z.array(z.record(z.string(), z.unknown())),
  next: z.number().int().nullable().describe('pass as `fromVersion` for the next page; null at the end of the stream'),
});
