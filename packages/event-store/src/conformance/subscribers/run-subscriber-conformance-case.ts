import type { SubscriberLocks } from '../../contract/subscriber-lock';
import type { SubscriberConformanceCase, SubscriberConformanceFactory, SubscriberConformanceOptions } from './subscriber-conformance-case';

/**
 * Runs one case against a fresh fixture from `factory` and tears the fixture down (and the locks
 * the case opened), whatever the outcome. Rejects with the case's assertion when the backend
 * breaks the promise.
 */
export async function runSubscriberConformanceCase(testCase: SubscriberConformanceCase, factory: SubscriberConformanceFactory): Promise<void> {
  const fixture = await factory();
  const opened: SubscriberLocks[] = [];
  let failure: { error: unknown } | undefined;
  try {
    const openLocks = fixture.openLocks;
    if (testCase.requires === 'locks' && !openLocks) {
      throw new Error(`The case '${testCase.id}' needs \`openLocks\` from the fixture; return it, or leave the topic out with { skip: ['subscriber-locks'] }.`);
    }
    await testCase.run({
      subscribers: fixture.subscribers,
      openLocks: async () => {
        const locks = await openLocks!();
        opened.push(locks);
        return locks;
      },
    });
  } catch (error) {
    failure = { error };
  }
  try {
    for (const locks of opened) await locks.close();
    await fixture.close?.();
  } catch (error) {
    if (!failure) failure = { error };
  }
  if (failure) throw failure.error;
}

export function isSubscriberCaseSkipped(testCase: SubscriberConformanceCase, options: SubscriberConformanceOptions = {}): boolean {
  return (options.skip ?? []).some((entry) => entry === testCase.topic || entry === testCase.id);
}
