// A Factum app in a child process, for the crash and leadership tests. Configured by environment
// (besides what support/child-app.ts reads): PROJECTORS (comma-separated names, each a
// transactional ledger into the table of the same name), PAUSE_AFTER (optional: after that many
// events, report "paused" and hang inside the open transaction until killed). Prints JSON lines:
// {"active":[...],"handled":n} and {"paused":n}.
import { runChildApp } from './child-app';
import { transactionalLedger } from './subscriptions-domain';

const pauseAfter = process.env.PAUSE_AFTER ? Number(process.env.PAUSE_AFTER) : Infinity;
let handled = 0;

runChildApp({
  projectors: (schema) =>
    process.env.PROJECTORS!.split(',').map((name) =>
      transactionalLedger(name, schema, name, {
        onEvent: async () => {
          handled++;
          if (handled === pauseAfter) {
            console.log(JSON.stringify({ paused: handled }));
            await new Promise(() => undefined); // hang inside the open transaction until killed
          }
        },
      }),
    ),
  report: () => ({ handled }),
});
