import {
  asGlobalPosition,
  checkDeadLetter,
  checkIdentifier,
  checkProcessInstance,
  type DeadLetter,
  type DeadLetterStore,
  type JsonValue,
  type NewDeadLetter,
  type ProcessInstance,
  type ProcessStateStore,
  type SaveProcessInstance,
  type SubscriberOperations,
  type SubscriberSession,
  type SubscriberStore,
} from '@factum/event-store';
import type { SqlClient, SqlExecutor, SqlTransaction } from '../client/sql-client';
import { PostgresCheckpointStore } from '../checkpoints/postgres-checkpoint-store';
import { storeSchema } from '../schema/store-schema';
import { DeferredCheckpoints } from './deferred-checkpoints';
import { DeferredUnit } from './deferred-unit';
import { operationStatements } from './operation-statements';
import { PostgresSubscriberOperations } from './postgres-subscriber-operations';
import { subscriberStatements, type SubscriberStatements } from './subscriber-statements';

export interface PostgresSubscriberStoreOptions {
  /** The store's schema (default `factum`); its migrations create the tables used here. */
  schema?: string;
}

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/**
 * Checkpoints (`PostgresCheckpointStore`), process-manager state and dead letters in the store's database. A unit of work is
 * one Postgres transaction, and its `tx` is that transaction: a projector that writes its read
 * model through `tx` commits it with its checkpoint (exactly-once effects, also across a crash).
 */
export class PostgresSubscriberStore implements SubscriberStore<SqlTransaction> {
  readonly supportsTransactions = true;
  readonly checkpoints: PostgresCheckpointStore;
  readonly processStates: ProcessStateStore;
  readonly deadLetters: DeadLetterStore;
  /** Requests and reports are written outside any unit of work: each is a single-row change. */
  readonly operations: SubscriberOperations;
  private readonly sql: SubscriberStatements;

  constructor(
    private readonly client: SqlClient,
    options: PostgresSubscriberStoreOptions = {},
  ) {
    const schema = storeSchema(options.schema);
    this.sql = subscriberStatements(schema);
    // The one checkpoint implementation of this package, the one the conformance suite certifies.
    this.checkpoints = new PostgresCheckpointStore(client, { schema: schema.name });
    this.processStates = new SqlProcessStates(client, this.sql);
    this.deadLetters = new SqlDeadLetters(client, this.sql);
    this.operations = new PostgresSubscriberOperations(client, operationStatements(schema));
  }

  /**
   * One unit of work. Its transaction opens only when a statement needs it (`DeferredUnit`): a
   * batch that only staged rows and moved its checkpoint commits as one statement.
   */
  async transaction<T>(work: (session: SubscriberSession<SqlTransaction>) => Promise<T>): Promise<T> {
    const unit = new DeferredUnit(this.client, this.checkpoints);
    try {
      const result = await work({
        tx: unit,
        checkpoints: new DeferredCheckpoints(this.checkpoints, unit),
        processStates: new SqlProcessStates(unit, this.sql),
        deadLetters: new SqlDeadLetters(unit, this.sql),
        prepareCommit: () => unit.prepareCommit(),
      });
      await unit.commit();
      return result;
    } catch (error) {
      await unit.rollback();
      throw error;
    }
  }
}

interface StateRow {
  process_name: string;
  key: string;
  state: JsonValue;
  position: string | null;
  updated_at: unknown;
}

const toInstance = (row: StateRow): ProcessInstance => ({
  processName: row.process_name,
  key: row.key,
  state: row.state,
  position: row.position === null ? null : asGlobalPosition(row.position),
  updatedAt: toDate(row.updated_at),
});

class SqlProcessStates implements ProcessStateStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly sql: SubscriberStatements,
  ) {}

  async load(processName: string, key: string): Promise<ProcessInstance | null> {
    const { rows } = await this.db.query<StateRow>(this.sql.loadState, [checkIdentifier(processName, 'processName'), checkIdentifier(key, 'key')]);
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async save(instance: SaveProcessInstance): Promise<void> {
    const { processName, key, state, position } = checkProcessInstance(instance);
    await this.db.query(this.sql.saveState, [processName, key, JSON.stringify(state), position]);
  }

  async delete(processName: string, key: string): Promise<void> {
    await this.db.query(this.sql.deleteState, [checkIdentifier(processName, 'processName'), checkIdentifier(key, 'key')]);
  }

  async list(processName: string): Promise<ProcessInstance[]> {
    const { rows } = await this.db.query<StateRow>(this.sql.listStates, [checkIdentifier(processName, 'processName')]);
    return rows.map(toInstance);
  }
}

interface LetterRow {
  subscriber: string;
  event_id: string;
  event_type: string;
  stream_id: string;
  version: string | number;
  position: string;
  error_name: string;
  error_message: string;
  error_code: string | null;
  error_stack: string | null;
  attempts: number;
  failed_at: unknown;
}

class SqlDeadLetters implements DeadLetterStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly sql: SubscriberStatements,
  ) {}

  async add(input: NewDeadLetter): Promise<void> {
    const letter = checkDeadLetter(input);
    await this.db.query(this.sql.addDeadLetter, [
      letter.subscriber,
      letter.eventId,
      letter.eventType,
      letter.streamId,
      letter.version,
      letter.position,
      letter.error.name,
      letter.error.message,
      letter.error.code,
      letter.error.stack,
      letter.attempts,
    ]);
  }

  async list(subscriber?: string): Promise<DeadLetter[]> {
    if (subscriber !== undefined) checkIdentifier(subscriber, 'subscriber');
    const { rows } = await this.db.query<LetterRow>(this.sql.listDeadLetters, [subscriber ?? null]);
    return rows.map((row) => ({
      subscriber: row.subscriber,
      eventId: row.event_id,
      eventType: row.event_type,
      streamId: row.stream_id,
      version: Number(row.version),
      position: asGlobalPosition(row.position),
      error: { name: row.error_name, message: row.error_message, code: row.error_code, stack: row.error_stack },
      attempts: row.attempts,
      failedAt: toDate(row.failed_at),
    }));
  }

  /** One `delete`: Postgres locks the row, so of two concurrent removals only one counts a row. */
  async delete(subscriber: string, eventId: string): Promise<boolean> {
    const result = await this.db.query(this.sql.deleteDeadLetter, [checkIdentifier(subscriber, 'subscriber'), checkIdentifier(eventId, 'eventId')]);
    return result.rowCount > 0;
  }
}
