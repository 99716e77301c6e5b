// `npm run demo`: a scripted day at the bank on embedded PGlite (`.data/bank`), or on the
// PostgreSQL of DATABASE_URL. Every run appends to what earlier runs stored: the balances grow,
// the statements get longer, nothing is lost. `--trace` prints spans and metrics to the console;
// OTEL_EXPORTER_OTLP_ENDPOINT sends them over OTLP.
import { mkdirSync } from 'node:fs';
import { DomainError, isDomainError, type App } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import { CloseAccount, Deposit, OpenAccount } from './accounts/account-messages';
import { startPostgresBank } from './bank-app';
import { queryBalances, queryStatement, queryTransfer, type TransferRow } from './read-models/postgres/read-model-tables';
import { formatTable } from './table';
import { registerTelemetry, telemetryOptionsFrom } from './telemetry/register-telemetry';
import { waitForProjections } from './wait-for-projections';
import { RequestTransfer } from './transfers/transfer-messages';

const euros = (cents: number): string => (cents / 100).toFixed(2);

async function openIfNew(app: App, accountId: string, owner: string): Promise<void> {
  try {
    await app.dispatch(OpenAccount({ accountId, owner }), { consistency: 'strong' });
  } catch (error) {
    // A later run finds the accounts of the first one: that is the point.
    if (!isDomainError(error, 'AccountAlreadyOpen')) throw error;
  }
}

async function closeIfOpen(app: App, accountId: string): Promise<void> {
  try {
    await app.dispatch(CloseAccount({ accountId }), { consistency: 'strong' });
  } catch (error) {
    if (!isDomainError(error, 'AccountClosed')) throw error;
  }
}

/** Process managers are eventually consistent: poll the transfer read model until the outcome shows. */
async function outcome(db: SqlClient, transferId: string, timeoutMs = 10_000): Promise<TransferRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await queryTransfer(db, transferId);
    if (row && row.status !== 'requested') return row;
    if (Date.now() > deadline) throw new Error(`transfer ${transferId} has no outcome after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function printBalances(db: SqlClient, title: string): Promise<string> {
  const rows = await queryBalances(db);
  console.log(`\n${title}`);
  console.log(formatTable(rows.map((row) => ({ account: row.accountId, owner: row.owner, status: row.status, balance: euros(row.balance) }))));
  return JSON.stringify(rows);
}

async function main(): Promise<void> {
  // Before the app exists, so that every command and event is traced.
  const telemetry = registerTelemetry(telemetryOptionsFrom(process.argv.slice(2), process.env, 'factum-bank-demo'));
  const dataDir = '.data/bank';
  if (!process.env.DATABASE_URL) mkdirSync('.data', { recursive: true }); // PGlite creates only the last folder
  const source = process.env.DATABASE_URL ?? { pglite: dataDir };
  console.log(`Factum bank demo on ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite in .data/bank'}`);
  const bank = await startPostgresBank(source);
  const { app, db } = bank;
  try {
    const run = Date.now().toString(36);
    await openIfNew(app, 'alice', 'Alice');
    await openIfNew(app, 'bob', 'Bob');
    await openIfNew(app, 'carol', 'Carol');
    await closeIfOpen(app, 'carol'); // closed with a zero balance: transfers to her get refunded
    await app.dispatch(Deposit({ accountId: 'alice', amount: 100_00 }), { consistency: 'strong' });
    await app.dispatch(Deposit({ accountId: 'bob', amount: 20_00 }), { consistency: 'strong' });
    try {
      await app.dispatch(CloseAccount({ accountId: 'bob' }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.log(`Closing bob refused: ${error.code} (${error.message})`);
    }

    const transfers = [
      { transferId: `t-${run}-ok`, from: 'alice', to: 'bob', amount: 30_00, expect: 'completes' },
      { transferId: `t-${run}-too-much`, from: 'bob', to: 'alice', amount: 1_000_000_00, expect: 'fails: insufficient funds' },
      { transferId: `t-${run}-closed`, from: 'alice', to: 'carol', amount: 5_00, expect: 'fails after a refund: carol is closed' },
      { transferId: `t-${run}-missing`, from: 'alice', to: `nobody-${run}`, amount: 7_00, expect: 'fails after a refund: no such account' },
    ];
    for (const { expect: _expect, ...transfer } of transfers) await app.dispatch(RequestTransfer(transfer));
    const outcomes = [];
    for (const transfer of transfers) {
      const row = await outcome(db, transfer.transferId);
      outcomes.push({
        transfer: row.transferId,
        from: row.from,
        to: row.to,
        amount: euros(row.amount),
        expected: transfer.expect,
        status: row.status,
        reason: row.reason ?? '',
        refunded: row.refunded,
      });
    }
    console.log('\nTransfers of this run');
    console.log(formatTable(outcomes));

    // The transfers' deposits and refunds are commands of the process manager: wait until the
    // strongly consistent read models have them too (a no-op command would not help, so poll).
    await waitForProjections(app);
    const before = await printBalances(db, 'Balances');
    for (const accountId of ['alice', 'bob', 'carol']) {
      const lines = await queryStatement(db, accountId);
      const shown = lines.slice(-8);
      console.log(`\nStatement of ${accountId} (${lines.length} lines${lines.length > shown.length ? `, the last ${shown.length} shown` : ''})`);
      console.log(
        formatTable(
          shown.map((line) => ({
            '#': line.version,
            kind: line.kind,
            amount: euros(line.amount),
            balance: euros(line.balanceAfter),
            transfer: line.transferId ?? '',
          })),
        ),
      );
    }

    // The read model is disposable: rebuild it from the events and compare.
    const report = await app.projections.rebuild('bank-balances');
    const rebuilt = await printBalances(db, `Balances rebuilt from the event log (${report.events} events replayed)`);
    if (rebuilt === before) {
      console.log('\nThe rebuilt balances are the same, to the cent.');
    } else {
      console.log('\nThe rebuilt balances differ from the live ones: this is a bug.');
      process.exitCode = 1;
    }
  } finally {
    // Exported while the app still runs: the subscribers' lag is reported only by a running app.
    await telemetry?.flush();
    await bank.close();
    await telemetry?.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
