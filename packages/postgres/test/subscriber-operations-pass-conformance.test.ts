import { subscriberOperationsConformance } from '@factum/event-store/conformance';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { openTestDatabase, where } from './support/subscriptions-database';

subscriberOperationsConformance(`PostgresSubscriberStore.operations ${where}`, async () => {
  const db = await openTestDatabase('operations');
  return { operations: new PostgresSubscriberStore(db.client, { schema: db.schema }).operations, close: () => db.drop() };
});
