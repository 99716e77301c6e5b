import { randomUUID } from 'node:crypto';
import {
  asGlobalPosition,
  checkIdentifier,
  checkOperationError,
  checkOperationOutcome,
  checkOperationRequest,
  checkSubscriberReport,
  toFrozenJson,
  type HandlingTimings,
  type JsonValue,
  type NewSubscriberReport,
  type OperationError,
  type OperationKind,
  type OperationOutcome,
  type OperationRequest,
  type OperationState,
  type SubscriberOperation,
  type SubscriberOperations,
  type SubscriberReport,
} from '@factum/event-store';
import type { SqlExecutor } from '../client/sql-client';
import type { OperationStatements } from './operation-statements';

interface OperationRow {
  id: string;
  subscriber: string;
  kind: string;
  event_id: string | null;
  state: string;
  performer: string | null;
  progress: JsonValue | null;
  result: JsonValue | null;
  error_code: string | null;
  error_message: string | null;
  requested_at: unknown;
  updated_at: unknown;
}

interface ReportRow {
  subscriber: string;
  kind: string;
  event_types: string[];
  owner: string;
  state: string;
  position: string | null;
  events_per_second: number | string;
  last_error: OperationError | null;
  timings: HandlingTimings | null;
  reported_at: unknown;
}

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

const toOperation = (row: OperationRow): SubscriberOperation => ({
  id: row.id,
  subscriber: row.subscriber,
  kind: row.kind as OperationKind,
  eventId: row.event_id,
  state: row.state as OperationState,
  performer: row.performer,
  progress: row.progress,
  result: row.result,
  error: row.state === 'failed' ? { code: row.error_code, message: row.error_message ?? '' } : null,
  requestedAt: toDate(row.requested_at),
  updatedAt: toDate(row.updated_at),
});

/** Operation requests and subscriber reports in the store's database, shared by every process (and the CLI). */
export class PostgresSubscriberOperations implements SubscriberOperations {
  constructor(
    private readonly db: SqlExecutor,
    private readonly sql: OperationStatements,
  ) {}

  async request(request: OperationRequest): Promise<SubscriberOperation> {
    const { subscriber, kind, eventId } = checkOperationRequest(request);
    const { rows } = await this.db.query<OperationRow>(this.sql.request, [randomUUID(), subscriber, kind, eventId]);
    return toOperation(rows[0]!);
  }

  async get(id: string): Promise<SubscriberOperation | null> {
    const { rows } = await this.db.query<OperationRow>(this.sql.get, [checkIdentifier(id, 'operation id')]);
    return rows[0] ? toOperation(rows[0]) : null;
  }

  async open(subscribers: readonly string[]): Promise<SubscriberOperation[]> {
    const names = subscribers.map((name) => checkIdentifier(name, 'subscriber'));
    if (names.length === 0) return [];
    const { rows } = await this.db.query<OperationRow>(this.sql.open, [names]);
    return rows.map(toOperation);
  }

  async claim(id: string, performer: string): Promise<boolean> {
    const result = await this.db.query(this.sql.claim, [checkIdentifier(id, 'operation id'), checkIdentifier(performer, 'performer')]);
    return result.rowCount > 0;
  }

  async progress(id: string, progress: JsonValue): Promise<void> {
    await this.db.query(this.sql.progress, [checkIdentifier(id, 'operation id'), JSON.stringify(toFrozenJson(progress, 'operation progress'))]);
  }

  async finish(id: string, outcome: OperationOutcome): Promise<void> {
    checkIdentifier(id, 'operation id');
    const checked = checkOperationOutcome(outcome);
    if ('error' in checked) await this.db.query(this.sql.fail, [id, checked.error.code, checked.error.message]);
    else await this.db.query(this.sql.succeed, [id, JSON.stringify(checked.result)]);
  }

  async cancel(id: string, error: OperationError): Promise<boolean> {
    const checked = checkOperationError(error);
    const result = await this.db.query(this.sql.cancel, [checkIdentifier(id, 'operation id'), checked.code, checked.message]);
    return result.rowCount > 0;
  }

  async history(subscriber?: string, limit = 100): Promise<SubscriberOperation[]> {
    if (subscriber !== undefined) checkIdentifier(subscriber, 'subscriber');
    const { rows } = await this.db.query<OperationRow>(this.sql.history, [subscriber ?? null, Math.max(0, Math.floor(limit))]);
    return rows.map(toOperation);
  }

  async publish(report: NewSubscriberReport): Promise<void> {
    const r = checkSubscriberReport(report);
    await this.db.query(this.sql.publish, [
      r.subscriber,
      r.kind,
      JSON.stringify(r.eventTypes),
      r.owner,
      r.state,
      r.position,
      r.eventsPerSecond,
      r.lastError === null ? null : JSON.stringify(r.lastError),
      r.timings ? JSON.stringify(r.timings) : null,
    ]);
  }

  async reports(): Promise<SubscriberReport[]> {
    const { rows } = await this.db.query<ReportRow>(this.sql.reports);
    return rows.map((row) => ({
      subscriber: row.subscriber,
      kind: row.kind,
      eventTypes: row.event_types,
      owner: row.owner,
      state: row.state,
      position: row.position === null ? null : asGlobalPosition(row.position),
      eventsPerSecond: Number(row.events_per_second),
      lastError: row.last_error,
      timings: row.timings,
      reportedAt: toDate(row.reported_at),
    }));
  }
}
