import { jestGlobals } from '../support/optional-peers';
import { isSubscriberCaseSkipped, runSubscriberConformanceCase } from './run-subscriber-conformance-case';
import type { SubscriberConformanceCase, SubscriberConformanceFactory, SubscriberConformanceOptions } from './subscriber-conformance-case';
import { subscriberConformanceCases } from './subscriber-conformance-cases';

const DEFAULT_CASE_TIMEOUT_MS = 30_000;

/**
 * Registers the suite a backend must pass to run subscribers (`SubscriberStore`, its
 * `ProcessStateStore` and `DeadLetterStore`, and `SubscriberLocks`) as Jest tests, each case on
 * a fresh fixture from `factory`:
 *
 * ```ts
 * subscriberStoreConformance('MySubscriberStore', async () => ({ subscribers: new MySubscriberStore(), openLocks: () => new MyLocks() }));
 * ```
 */
export function subscriberStoreConformance(name: string, factory: SubscriberConformanceFactory, options: SubscriberConformanceOptions = {}): void {
  const { describe, it } = jestGlobals();
  const byTopic = new Map<string, SubscriberConformanceCase[]>();
  for (const testCase of subscriberConformanceCases()) {
    if (isSubscriberCaseSkipped(testCase, options)) continue;
    byTopic.set(testCase.topic, [...(byTopic.get(testCase.topic) ?? []), testCase]);
  }
  describe(name, () => {
    for (const [topic, cases] of byTopic) {
      describe(topic, () => {
        for (const testCase of cases)
          it(testCase.name, () => runSubscriberConformanceCase(testCase, factory), options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
      });
    }
  });
}
