// The subscriber-store conformance example of docs/custom-stores.md runs as it is shown.
import { mySubscriberStoreConformance } from '../../../docs/snippets/subscriber-store-conformance';

mySubscriberStoreConformance();
