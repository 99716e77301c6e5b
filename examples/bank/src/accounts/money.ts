// Money is integer cents, with bounds chosen so that no sum the bank ever makes can leave the
// range where a JS number is exact (2^53 - 1 ≈ 9.007e15 cents).
import { z } from 'zod';

/** The largest single movement: 1,000,000,000.00 (10^11 cents). */
export const MAX_AMOUNT = 100_000_000_000;

/**
 * The largest balance a deposit may reach: 10,000,000,000,000.00 (10^15 cents). Refunds of
 * transfers are exempt (money that left an account always goes back), so a balance can pass it
 * by the refunds in flight at once; the room left to 2^53 holds 80,000 refunds of MAX_AMOUNT.
 */
export const MAX_BALANCE = 1_000_000_000_000_000;

/** An amount of money moved: whole cents, at least 1, at most MAX_AMOUNT. */
export const Cents = z
  .number()
  .int('an amount is whole cents')
  .positive('an amount is at least 1 cent')
  .max(MAX_AMOUNT, `an amount is at most ${MAX_AMOUNT} cents`);
