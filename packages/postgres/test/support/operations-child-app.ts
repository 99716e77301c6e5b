// A Factum app in a child process for the CLI tests: it runs one transactional ledger projector
// (PROJECTOR, into the table of the same name in SCHEMA) with the `skip` policy. While the file
// FAIL_FLAG exists, its handler fails on negative amounts (a bug); deleting the file "deploys the
// fix". While the file HANG_FLAG exists, it hangs on negative amounts inside the open transaction
// (after its read-model writes), reporting {"paused":eventId}, until killed. Reports
// {"active":[...]} lines and stops on SIGTERM, as every child app (support/child-app.ts).
import { existsSync } from 'node:fs';
import { runChildApp } from './child-app';
import { transactionalLedger } from './subscriptions-domain';

const name = process.env.PROJECTOR!;
const failFlag = process.env.FAIL_FLAG!;

runChildApp({
  projectors: (schema) => [
    transactionalLedger(name, schema, name, {
      onError: 'skip',
      retry: { maxAttempts: 1 },
      batchSize: 100,
      onEvent: async (event) => {
        if (event.data.amount < 0 && existsSync(failFlag)) throw new Error(`cannot book a negative amount (${event.data.amount})`);
        if (event.data.amount < 0 && process.env.HANG_FLAG && existsSync(process.env.HANG_FLAG)) {
          console.log(JSON.stringify({ paused: event.eventId }));
          await new Promise(() => undefined); // hang inside the open transaction until killed
        }
      },
    }),
  ],
  // The runtime's defaults for takeover and batches; operations and reports polled often.
  subscriptions: { takeoverIntervalMs: 1_000, batchSize: 500, operationsPollMs: 100, reportIntervalMs: 200 },
});
