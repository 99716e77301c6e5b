import type { ConformanceCase, ConformanceFactory, ConformanceOptions } from './conformance-case';

export const DEFAULT_WAIT_TIMEOUT_MS = 5_000;
export const DEFAULT_PROPERTY_RUNS = 20;

/**
 * Runs one case against a fresh fixture from `factory` and tears the fixture down, whatever the
 * outcome. Resolves if the store keeps the promise, rejects (with the case's assertion) if not.
 */
export async function runConformanceCase(testCase: ConformanceCase, factory: ConformanceFactory, options: ConformanceOptions = {}): Promise<void> {
  const fixture = await factory();
  let failure: { error: unknown } | undefined;
  try {
    if (testCase.requires && !fixture[testCase.requires]) {
      throw new Error(
        `The case '${testCase.id}' needs \`${testCase.requires}\` from the fixture, and the factory returned none. ` +
          `Return one, or leave the topic out with { skip: ['${testCase.requires}'] }.`,
      );
    }
    await testCase.run({
      store: fixture.store,
      checkpoints: fixture.checkpoints,
      snapshots: fixture.snapshots,
      waitTimeoutMs: options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
      propertyRuns: options.propertyRuns ?? DEFAULT_PROPERTY_RUNS,
    });
  } catch (error) {
    failure = { error };
  }
  try {
    if (fixture.close) await fixture.close();
    else await fixture.store.close();
  } catch (error) {
    // The case's own failure explains more than a teardown error that may follow from it.
    if (!failure) failure = { error };
  }
  if (failure) throw failure.error;
}

/** Whether `options.skip` leaves a case out (by topic or by id). */
export function isSkipped(testCase: ConformanceCase, options: ConformanceOptions = {}): boolean {
  return (options.skip ?? []).some((entry) => entry === testCase.topic || entry === testCase.id);
}
