// Wiring: the same domain on Postgres/PGlite (transactional read models) or entirely in memory.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp, type App, type Logger, type SubscriberClass } from '@factum/core';
import { createPostgresStores, PostgresSubscriberStore, type SqlClient, type SqlSource } from '@factum/postgres';
import { BankAccount } from './accounts/bank-account';
import { InMemoryBalances } from './read-models/memory/in-memory-balances';
import { InMemoryTransferStatus } from './read-models/memory/in-memory-transfer-status';
import { BalancesTable } from './read-models/postgres/balances-table';
import { createReadModelTables } from './read-models/postgres/read-model-tables';
import { StatementTable } from './read-models/postgres/statement-table';
import { TransferStatusTable } from './read-models/postgres/transfer-status-table';
import { Transfer } from './transfers/transfer';
import { failDeadLetteredTransfers } from './transfers/dead-lettered-transfers';
import { TransferProcess } from './transfers/transfer-process';
import { openTransferRelay, type TransferRelay, type TransferRelayOptions } from './integration/transfer-relay';

export interface PostgresBank {
  app: App;
  /** Where the read models live (schema `bank`). */
  db: SqlClient;
  close(): Promise<void>;
}

/** A started bank on Postgres or PGlite: events, checkpoints, process state and read models in one database. */
export async function startPostgresBank(
  source: SqlSource,
  options: {
    schema?: string;
    logger?: Logger;
    nats?: TransferRelayOptions;
    /** More projectors next to the bank's own (tests add one that fails on purpose). */
    projectors?: readonly SubscriberClass[];
  } = {},
): Promise<PostgresBank> {
  const schema = options.schema ?? 'factum';
  const pg = createPostgresStores(source, { schema, ...(options.logger ? { logger: options.logger } : {}) });
  let relay: TransferRelay | undefined;
  try {
    relay = options.nats ? await openTransferRelay(options.nats) : undefined;
    await pg.migrate();
    await createReadModelTables(pg.client);
    const app = await createApp({
      store: pg.events,
      snapshots: pg.snapshots,
      aggregates: [BankAccount, Transfer],
      projectors: [BalancesTable, StatementTable, TransferStatusTable, ...(options.projectors ?? [])],
      processManagers: [TransferProcess],
      subscriptions: { store: new PostgresSubscriberStore(pg.client, { schema }) },
      ...(options.logger ? { logger: options.logger } : {}),
      ...(relay ? { container: relay.container, eventHandlers: relay.eventHandlers } : {}),
    });
    await app.start();
    const deadLetters = failDeadLetteredTransfers(app);
    await deadLetters.swept;
    return {
      app,
      db: pg.client,
      async close() {
        deadLetters.stop();
        await app.stop();
        await relay?.close();
        await pg.close();
      },
    };
  } catch (error) {
    await relay?.close();
    await pg.close();
    throw error;
  }
}

export interface InMemoryBank {
  app: App;
  balances: InMemoryBalances;
  transfers: InMemoryTransferStatus;
  /** Stops the app and the dead-letter watch (the store stays open: it is the caller's). */
  close(): Promise<void>;
}

/** A started bank with everything in memory: for tests. */
export async function startInMemoryBank(
  store = new InMemoryEventStore(),
  options: { logger?: Logger; nats?: TransferRelayOptions } = {},
): Promise<InMemoryBank> {
  const relay = options.nats ? await openTransferRelay(options.nats) : undefined;
  const app = await createApp({
    store,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(relay ? { container: relay.container, eventHandlers: relay.eventHandlers } : {}),
    aggregates: [BankAccount, Transfer],
    projectors: [InMemoryBalances, InMemoryTransferStatus],
    processManagers: [TransferProcess],
  });
  await app.start();
  const deadLetters = failDeadLetteredTransfers(app);
  await deadLetters.swept;
  return {
    app,
    balances: app.container.get(InMemoryBalances),
    transfers: app.container.get(InMemoryTransferStatus),
    async close() {
      deadLetters.stop();
      await app.stop();
      await relay?.close();
    },
  };
}
