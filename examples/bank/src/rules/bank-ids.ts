// What an account or transfer id may be. One rule, used by the commands' schemas, so the HTTP edge
// (which validates requests with those schemas) and the aggregates refuse exactly the same ids.
import { z } from 'zod';

export const MAX_ID_LENGTH = 64;

/**
 * Letters, digits, '.', '_' and '-', starting with a letter or a digit, at most 64 characters.
 * Narrower than what the event store takes (1,000 characters, any text without NUL) on purpose:
 * an id appears in URLs, in stream ids (`account-<id>`) and in statements, so it must need no
 * escaping anywhere, and no two ids may look alike (`acc5` and `acc5 `).
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const bankId = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(MAX_ID_LENGTH, `${what} is at most ${MAX_ID_LENGTH} characters`)
    .regex(ID_PATTERN, `${what} is letters, digits, '.', '_' and '-', starting with a letter or a digit`);

export const AccountId = bankId('an account id');
export const TransferId = bankId('a transfer id');

/** An id as stored by earlier versions, before the rule above: what commands about existing things must still accept. */
export const StoredId = z.string().min(1);

export const MAX_OWNER_LENGTH = 100;

// A lone UTF-16 surrogate is valid in a JS string but not Unicode text: Postgres cannot store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A person's or a company's name: any Unicode text on one line, without control characters or surrounding spaces. */
export const OwnerName = z
  .string()
  .min(1, 'an owner must not be empty')
  .max(MAX_OWNER_LENGTH, `an owner is at most ${MAX_OWNER_LENGTH} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'an owner cannot contain control characters (NUL, line breaks, tabs...)')
  .refine((text) => text.trim() === text, 'an owner has no leading or trailing spaces')
  .refine((text) => !LONE_SURROGATE.test(text), 'an owner must be well-formed Unicode (no lone surrogate)');
