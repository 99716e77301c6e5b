import { InMemorySubscriberLocks, InMemorySubscriberStore } from '@factum/event-store';
import { subscriberStoreConformance } from '@factum/event-store/conformance';

// One in-memory locks instance is one "database": every process of a case shares it.
subscriberStoreConformance('InMemorySubscriberStore and InMemorySubscriberLocks', () => {
  const locks = new InMemorySubscriberLocks();
  return { subscribers: new InMemorySubscriberStore(), openLocks: () => locks };
});
