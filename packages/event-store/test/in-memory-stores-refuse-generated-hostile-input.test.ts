import { InMemoryCheckpointStore, InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { conformanceCases, runConformanceCase, type ConformanceFactory } from '@factum/event-store/conformance';

// The generated hostile-input cases of the conformance suite, with many more runs than the suite
// gives them by default: the in-memory store is fast, so this is where thousands of values go.
// Each run makes up to 12 calls with several hostile values each.
const RUNS = 1000;

const hostileCases = conformanceCases().filter((testCase) => testCase.id.includes('/generated-hostile-'));
const factory: ConformanceFactory = () => ({
  store: new InMemoryEventStore(),
  checkpoints: new InMemoryCheckpointStore(),
  snapshots: new InMemorySnapshotStore(),
});

it('the suite has the three generated hostile-input cases (store, checkpoints, snapshots)', () => {
  expect(hostileCases.map((testCase) => testCase.id).sort()).toEqual([
    'bad-input/generated-hostile-calls-are-refused-cleanly',
    'checkpoints/generated-hostile-input-is-refused-cleanly',
    'snapshots/generated-hostile-input-is-refused-cleanly',
  ]);
});

it.each(hostileCases.map((testCase) => [testCase.id, testCase] as const))(
  `in memory: %s (${RUNS} runs)`,
  async (_id, testCase) => {
    await runConformanceCase(testCase, factory, { propertyRuns: RUNS });
  },
  60_000,
);
