import { InMemorySubscriberLocks, InMemorySubscriberStore, type SubscriberLocks, type SubscriberStore } from '@factum/event-store';
import { runSubscriberConformanceCase, subscriberConformanceCases, type SubscriberConformanceFactory } from '@factum/event-store/conformance';
import { CheckThenTakeLocks, DuplicatingDeadLetterStore, MergingProcessStateStore, NotAtomicSubscriberStore } from './support/faulty-subscriber-stores';

// A suite that passes every backend proves nothing. Each row is a backend with one realistic bug,
// one per contract of the suite, and the case that must catch it; the bug-free in-memory backend
// passes the same cases (first test).

const cases = new Map(subscriberConformanceCases().map((testCase) => [testCase.id, testCase]));

function fixture(parts: { subscribers?: () => SubscriberStore; locks?: () => SubscriberLocks }): SubscriberConformanceFactory {
  return () => {
    const locks = parts.locks?.() ?? new InMemorySubscriberLocks();
    return { subscribers: parts.subscribers?.() ?? new InMemorySubscriberStore(), openLocks: () => locks };
  };
}

const FAULTS: Array<[string, SubscriberConformanceFactory, string]> = [
  [
    'a unit of work that keeps what it wrote before failing',
    fixture({ subscribers: () => new NotAtomicSubscriberStore() }),
    'subscriber-store/a-failing-unit-of-work-keeps-nothing',
  ],
  [
    'process state merged instead of replaced',
    fixture({ subscribers: () => new InMemorySubscriberStore({ processStates: new MergingProcessStateStore() }) }),
    'process-states/save-load-replace-delete',
  ],
  [
    'a dead letter recorded twice kept twice',
    fixture({ subscribers: () => new InMemorySubscriberStore({ deadLetters: new DuplicatingDeadLetterStore() }) }),
    'dead-letters/recording-again-replaces',
  ],
  ['locks that check, then take', fixture({ locks: () => new CheckThenTakeLocks() }), 'subscriber-locks/contention-has-one-winner'],
];

describe('the subscriber-store conformance suite', () => {
  it('passes the bug-free in-memory backend on every case the faulty ones fail', async () => {
    for (const [, , id] of FAULTS) await runSubscriberConformanceCase(cases.get(id)!, fixture({}));
  });

  it.each(FAULTS)('catches a backend with %s', async (_, factory, id) => {
    const testCase = cases.get(id);
    expect(testCase).toBeDefined();
    await expect(runSubscriberConformanceCase(testCase!, factory)).rejects.toMatchObject({ code: 'ERR_ASSERTION' });
  });
});
