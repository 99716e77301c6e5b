import { subscriberStoreCases } from './cases/units-of-work';
import { deadLetterCases } from './cases/dead-letters';
import { processStateCases } from './cases/process-states';
import { subscriberLockCases } from './cases/subscriber-locks';
import type { SubscriberConformanceCase } from './subscriber-conformance-case';

/** Every case of the subscriber-store suite, in order. */
export function subscriberConformanceCases(): SubscriberConformanceCase[] {
  return [...subscriberStoreCases, ...processStateCases, ...deadLetterCases, ...subscriberLockCases];
}
