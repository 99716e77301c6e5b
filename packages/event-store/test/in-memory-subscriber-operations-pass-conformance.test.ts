import { InMemorySubscriberOperations } from '../src';
import { subscriberOperationsConformance } from '../src/conformance';

subscriberOperationsConformance('InMemorySubscriberOperations', async () => ({ operations: new InMemorySubscriberOperations() }));
