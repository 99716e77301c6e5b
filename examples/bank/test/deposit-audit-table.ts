// A projector for the console's browser test: it books every deposit into a table of its own, and
// with the `skip` policy a deposit it cannot book becomes a dead letter instead of stopping it.
// Deposits into an account in `DepositAuditTable.broken` fail until the test "deploys the fix".
import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import type { SqlTransaction } from '@factum/postgres';
import { MoneyDeposited } from '../src/accounts/account-messages';
import { READ_MODEL_SCHEMA } from '../src/read-models/postgres/read-model-tables';

export const DEPOSIT_AUDIT_TABLE = `${READ_MODEL_SCHEMA}.deposit_audit`;

@Projector({ name: 'deposit-audit', transactional: true, onError: 'skip', retry: { maxAttempts: 1 } })
export class DepositAuditTable {
  /** Accounts whose deposits the projector cannot book (the bug the test fixes). */
  static readonly broken = new Set<string>();

  @On(MoneyDeposited)
  async deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    if (DepositAuditTable.broken.has(event.data.accountId)) throw new Error(`cannot audit deposits into ${event.data.accountId}`);
    // No key on the event id on purpose: a deposit booked twice shows as two rows.
    await ctx.tx.query(`create table if not exists ${DEPOSIT_AUDIT_TABLE} (event_id text not null, account_id text not null, amount bigint not null)`);
    await ctx.tx.query(`insert into ${DEPOSIT_AUDIT_TABLE} (event_id, account_id, amount) values ($1, $2, $3)`, [
      event.eventId,
      event.data.accountId,
      event.data.amount,
    ]);
  }
}
