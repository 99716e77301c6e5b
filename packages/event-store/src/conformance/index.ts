// `@factum/event-store/conformance`: the suite every store runs against itself. A subpath of its
// own, so that applications never load it (nor its optional test-runner peers) at run time.
export { eventStoreConformance } from './event-store-conformance';
export { conformanceCases } from './conformance-cases';
export { runConformanceCase } from './run-conformance-case';
export type { ConformanceCase, ConformanceContext, ConformanceFactory, ConformanceFixture, ConformanceOptions } from './conformance-case';
export { subscriberStoreConformance } from './subscribers/subscriber-store-conformance';
export { subscriberConformanceCases } from './subscribers/subscriber-conformance-cases';
export { runSubscriberConformanceCase } from './subscribers/run-subscriber-conformance-case';
export type {
  SubscriberConformanceCase,
  SubscriberConformanceContext,
  SubscriberConformanceFactory,
  SubscriberConformanceFixture,
  SubscriberConformanceOptions,
} from './subscribers/subscriber-conformance-case';
