import { conformanceCases, runConformanceCase, type ConformanceFactory } from '@factum/event-store/conformance';
import { PostgresCheckpointStore, PostgresEventStore, PostgresSnapshotStore } from '@factum/postgres';
import { withSettledReads } from './support/settle';
import { closeSharedPglite, DATABASE_URL, openTestBackend, uniqueSchema } from './support/test-database';

afterAll(closeSharedPglite);

// The generated hostile-input cases of the conformance suite, with more runs than the suite's
// default, on PGlite and (when DATABASE_URL is set) on PostgreSQL: every refusal is a Factum error
// with a code, never a raw DatabaseError (22021 NUL, 54000 index row size, 22003 out of range...).
// Bounded for a loaded 2-core machine: a run makes up to 12 calls, each a few round trips.
const RUNS = { pglite: 150, postgres: 100 };

const hostileCases = conformanceCases().filter((testCase) => testCase.id.includes('/generated-hostile-'));

function factory(kind: 'pglite' | 'auto'): ConformanceFactory {
  return async () => {
    const backend = openTestBackend(kind);
    const schema = uniqueSchema('hostile');
    backend.dropLater(schema);
    const client = backend.client({ max: 4 });
    const store = new PostgresEventStore(client, { schema, pollIntervalMs: 200 });
    await store.migrate();
    return {
      store: backend.kind === 'postgres' ? withSettledReads(store) : store,
      checkpoints: new PostgresCheckpointStore(client, { schema }),
      snapshots: new PostgresSnapshotStore(client, { schema }),
      async close() {
        await store.close();
        await backend.close();
      },
    };
  };
}

const backends: Array<[string, 'pglite' | 'auto', number]> = [['PGlite', 'pglite', RUNS.pglite]];
if (DATABASE_URL) backends.push(['PostgreSQL', 'auto', RUNS.postgres]);

describe.each(backends)('on %s', (_name, kind, runs) => {
  it.each(hostileCases.map((testCase) => [testCase.id, testCase] as const))(
    `%s (${runs} runs)`,
    async (_id, testCase) => {
      await runConformanceCase(testCase, factory(kind), { propertyRuns: runs });
    },
    120_000,
  );
});
