import type { DeadLetter } from '@factum/event-store';
import { PostgresSubscriberStore, readStoreStatus, storeSchema, type SqlClient } from '@factum/postgres';
import type { ConsoleSubscribers, ConsoleSubscriberStatus } from '../console-options';

/**
 * Subscriber status as a console outside the app sees it: the stored checkpoints with their lag,
 * and the dead letters. Live state, errors and actions need the console mounted in the app.
 */
export function storedSubscribers(client: SqlClient, schema?: string): ConsoleSubscribers {
  const checked = storeSchema(schema);
  const subscriberStore = new PostgresSubscriberStore(client, { schema: checked.name });
  return {
    async status(): Promise<ConsoleSubscriberStatus[]> {
      const status = await readStoreStatus(client, checked);
      return status.checkpoints.map((checkpoint) => ({
        name: checkpoint.name,
        kind: 'checkpoint',
        state: 'stored',
        position: checkpoint.position,
        lag: checkpoint.lag,
        lastError: null,
        updatedAt: checkpoint.updatedAt,
      }));
    },
    deadLetters(name?: string): Promise<DeadLetter[]> {
      return subscriberStore.deadLetters.list(name);
    },
  };
}
