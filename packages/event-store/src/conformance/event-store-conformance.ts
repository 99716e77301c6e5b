import type { ConformanceCase, ConformanceFactory, ConformanceOptions } from './conformance-case';
import { conformanceCases } from './conformance-cases';
import { isSkipped, runConformanceCase } from './run-conformance-case';
import { jestGlobals } from './support/optional-peers';

const DEFAULT_CASE_TIMEOUT_MS = 60_000;

/**
 * Registers the conformance suite as Jest tests: `describe(name)`, one `describe` per topic and
 * one `it` per case, each on a fresh fixture from `factory`. Call it at the top level of a test
 * file:
 *
 * ```ts
 * eventStoreConformance('MyStore', async () => ({ store: await MyStore.open(), close: ... }));
 * ```
 */
export function eventStoreConformance(name: string, factory: ConformanceFactory, options: ConformanceOptions = {}): void {
  const { describe, it } = jestGlobals();
  const byTopic = new Map<string, ConformanceCase[]>();
  for (const testCase of conformanceCases()) {
    if (isSkipped(testCase, options)) continue;
    byTopic.set(testCase.topic, [...(byTopic.get(testCase.topic) ?? []), testCase]);
  }
  describe(name, () => {
    for (const [topic, cases] of byTopic) {
      describe(topic, () => {
        for (const testCase of cases) {
          it(testCase.name, () => runConformanceCase(testCase, factory, options), options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
        }
      });
    }
  });
}
