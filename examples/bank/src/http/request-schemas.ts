// What each request may carry, as zod schemas: fastify validates with them (zod-route-schemas.ts)
// and the OpenAPI document is generated from them. Bodies are the commands' own schemas, so the
// edge refuses exactly what the aggregates would.
import { z } from 'zod';
import { Deposit, OpenAccount, Withdraw } from '../accounts/account-messages';
import { AccountId } from '../rules/bank-ids';
import { RequestTransfer } from '../transfers/transfer-messages';

// A lone UTF-16 surrogate is valid in a JS string but not Unicode text: Postgres cannot store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * An id to look something up by. Wider than the id rule for new accounts (ids stored under older
 * rules stay readable) but never text the store cannot take: at most 1,000 characters (the
 * store's limit), no control characters, no surrounding spaces, well-formed Unicode.
 */
export const LookupId = z
  .string()
  .min(1)
  .max(1_000)
  .regex(/^[^\p{Cc}]*$/u, 'an id cannot contain control characters (NUL, line breaks...)')
  .refine((id) => id.trim() === id, 'an id has no leading or trailing spaces')
  .refine((id) => !LONE_SURROGATE.test(id), 'an id must be well-formed Unicode (no lone surrogate)');

export const AccountParams = z.object({ id: AccountId });
export const LookupParams = z.object({ id: LookupId });

export const OpenAccountBody = OpenAccount.schema;
export const AmountBody = Deposit.schema.pick({ amount: true });
export const WithdrawalBody = Withdraw.schema.pick({ amount: true });
export const TransferBody = RequestTransfer.schema;

/** Idempotency keys are at most 255 printable ASCII characters, as Stripe's. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, `an Idempotency-Key is at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)
    .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, 'an Idempotency-Key is printable ASCII (a UUID, for example)')
    .optional()
    .describe('Makes the request safe to retry: the same key with the same request is executed once; with another request it is refused (422).'),
});

export const MAX_PAGE_SIZE = 100;
const limit = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe(`page size, 1 to ${MAX_PAGE_SIZE}`);

export const AccountListQuery = z.object({
  limit,
  after: AccountId.optional().describe('the `next` of the previous page'),
});

export const TransferListQuery = z.object({
  limit,
  after: LookupId.optional().describe('the `next` of the previous page'),
  status: z.enum(['requested', 'completed', 'failed']).optional(),
});

export const StreamQuery = z.object({
  fromVersion: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
