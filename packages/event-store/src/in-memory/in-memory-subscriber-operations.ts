import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../contract/events';
import type {
  NewSubscriberReport,
  OperationError,
  OperationOutcome,
  OperationRequest,
  SubscriberOperation,
  SubscriberOperations,
  SubscriberReport,
} from '../contract/subscriber-operations';
import { checkIdentifier } from '../validation/identifier';
import { toFrozenJson } from '../validation/json-value';
import { checkOperationError, checkOperationOutcome, checkOperationRequest, checkSubscriberReport } from '../validation/operation-input';

const copy = (operation: SubscriberOperation): SubscriberOperation => ({ ...operation });

/** Operation requests and subscriber reports in process memory: for one process, and for tests. */
export class InMemorySubscriberOperations implements SubscriberOperations {
  private readonly operations = new Map<string, SubscriberOperation>();
  private readonly published = new Map<string, SubscriberReport>();

  async request(request: OperationRequest): Promise<SubscriberOperation> {
    const { subscriber, kind, eventId } = checkOperationRequest(request);
    const now = new Date();
    const operation: SubscriberOperation = {
      id: randomUUID(),
      subscriber,
      kind,
      eventId,
      state: 'pending',
      performer: null,
      progress: null,
      result: null,
      error: null,
      requestedAt: now,
      updatedAt: now,
    };
    this.operations.set(operation.id, operation);
    return copy(operation);
  }

  async get(id: string): Promise<SubscriberOperation | null> {
    const operation = this.operations.get(checkIdentifier(id, 'operation id'));
    return operation ? copy(operation) : null;
  }

  async open(subscribers: readonly string[]): Promise<SubscriberOperation[]> {
    const names = new Set(subscribers.map((name) => checkIdentifier(name, 'subscriber')));
    return [...this.operations.values()].filter((op) => names.has(op.subscriber) && (op.state === 'pending' || op.state === 'running')).map(copy);
  }

  async claim(id: string, performer: string): Promise<boolean> {
    checkIdentifier(performer, 'performer');
    const operation = this.operations.get(checkIdentifier(id, 'operation id'));
    if (!operation) return false;
    if (operation.state !== 'pending' && !(operation.state === 'running' && operation.performer !== performer)) return false;
    Object.assign(operation, { state: 'running', performer, updatedAt: new Date() });
    return true;
  }

  async progress(id: string, progress: JsonValue): Promise<void> {
    const operation = this.operations.get(checkIdentifier(id, 'operation id'));
    const value = toFrozenJson(progress, 'operation progress');
    if (operation?.state === 'running') Object.assign(operation, { progress: value, updatedAt: new Date() });
  }

  async finish(id: string, outcome: OperationOutcome): Promise<void> {
    const operation = this.operations.get(checkIdentifier(id, 'operation id'));
    const checked = checkOperationOutcome(outcome);
    if (!operation || operation.state === 'done' || operation.state === 'failed') return;
    if ('error' in checked) Object.assign(operation, { state: 'failed', error: checked.error, updatedAt: new Date() });
    else Object.assign(operation, { state: 'done', result: checked.result, updatedAt: new Date() });
  }

  async cancel(id: string, error: OperationError): Promise<boolean> {
    const operation = this.operations.get(checkIdentifier(id, 'operation id'));
    const checked = checkOperationError(error);
    if (operation?.state !== 'pending') return false;
    Object.assign(operation, { state: 'failed', error: checked, updatedAt: new Date() });
    return true;
  }

  async history(subscriber?: string, limit = 100): Promise<SubscriberOperation[]> {
    if (subscriber !== undefined) checkIdentifier(subscriber, 'subscriber');
    return [...this.operations.values()]
      .filter((op) => subscriber === undefined || op.subscriber === subscriber)
      .reverse()
      .slice(0, Math.max(0, limit))
      .map(copy);
  }

  async publish(report: NewSubscriberReport): Promise<void> {
    const checked = checkSubscriberReport(report);
    this.published.set(checked.subscriber, { ...checked, eventTypes: [...checked.eventTypes], reportedAt: new Date() });
  }

  async reports(): Promise<SubscriberReport[]> {
    return [...this.published.values()].sort((a, b) => (a.subscriber < b.subscriber ? -1 : a.subscriber > b.subscriber ? 1 : 0)).map((r) => ({ ...r }));
  }
}
