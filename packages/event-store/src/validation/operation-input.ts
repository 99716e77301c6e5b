import type {
  DurationPercentiles,
  HandlingTimings,
  NewSubscriberReport,
  OperationError,
  OperationKind,
  OperationOutcome,
  OperationRequest,
} from '../contract/subscriber-operations';
import { InvalidInputError } from '../errors/store-errors';
import { checkIdentifier } from './identifier';
import { toFrozenJson } from './json-value';
import { toKeepableText } from './text';

const KINDS: readonly OperationKind[] = ['rebuild', 'retry-dead-letter', 'retry-dead-letters', 'skip-dead-letter', 'restart'];
const NEED_EVENT: readonly OperationKind[] = ['retry-dead-letter', 'skip-dead-letter'];

/** An operation request as every store keeps it: a known kind, and an event id exactly when the kind needs one. */
export function checkOperationRequest(request: OperationRequest): { subscriber: string; kind: OperationKind; eventId: string | null } {
  if (typeof request !== 'object' || request === null) throw new InvalidInputError('operation request', 'expected an object');
  const subscriber = checkIdentifier(request.subscriber, 'operation subscriber');
  if (!KINDS.includes(request.kind)) throw new InvalidInputError('operation kind', `expected one of ${KINDS.join(', ')}, got ${JSON.stringify(request.kind)}`);
  const needsEvent = NEED_EVENT.includes(request.kind);
  if (needsEvent) return { subscriber, kind: request.kind, eventId: checkIdentifier(request.eventId, 'operation eventId') };
  if (request.eventId !== undefined && request.eventId !== null) throw new InvalidInputError('operation eventId', `a '${request.kind}' request names no event`);
  return { subscriber, kind: request.kind, eventId: null };
}

export function checkOperationError(error: OperationError): OperationError {
  if (typeof error !== 'object' || error === null) throw new InvalidInputError('operation error', 'expected { code, message }');
  const code = error.code === null || error.code === undefined ? null : toKeepableText(String(error.code));
  return { code, message: toKeepableText(String(error.message)) };
}

export function checkOperationOutcome(outcome: OperationOutcome): OperationOutcome {
  if (typeof outcome !== 'object' || outcome === null) throw new InvalidInputError('operation outcome', 'expected { result } or { error }');
  if ('error' in outcome) return { error: checkOperationError(outcome.error) };
  return { result: toFrozenJson(outcome.result, 'operation result') };
}

export function checkSubscriberReport(report: NewSubscriberReport): NewSubscriberReport {
  if (typeof report !== 'object' || report === null) throw new InvalidInputError('subscriber report', 'expected an object');
  const eventsPerSecond = Number(report.eventsPerSecond);
  return {
    subscriber: checkIdentifier(report.subscriber, 'report subscriber'),
    kind: checkIdentifier(report.kind, 'report kind'),
    eventTypes: [...report.eventTypes].map((type) => checkIdentifier(type, 'report eventTypes')),
    owner: checkIdentifier(report.owner, 'report owner'),
    state: checkIdentifier(report.state, 'report state'),
    position: report.position === null ? null : (checkIdentifier(report.position, 'report position') as NewSubscriberReport['position']),
    eventsPerSecond: Number.isFinite(eventsPerSecond) && eventsPerSecond >= 0 ? eventsPerSecond : 0,
    lastError: report.lastError === null ? null : checkOperationError(report.lastError),
    timings: report.timings === undefined || report.timings === null ? null : checkHandlingTimings(report.timings),
  };
}

function checkPercentiles(value: unknown, what: string): DurationPercentiles {
  const percentiles = value as Partial<DurationPercentiles> | null;
  const checked = { p50: Number(percentiles?.p50), p95: Number(percentiles?.p95), p99: Number(percentiles?.p99) };
  if (!Object.values(checked).every(Number.isFinite)) throw new InvalidInputError(`report timings ${what}`, 'expected { p50, p95, p99 } in milliseconds');
  return checked;
}

function checkHandlingTimings(timings: HandlingTimings): HandlingTimings {
  if (typeof timings !== 'object') throw new InvalidInputError('report timings', 'expected { events, receive, process } or null');
  const events = Number(timings.events);
  if (!Number.isInteger(events) || events < 0) throw new InvalidInputError('report timings events', 'expected a whole number of events');
  return { events, receive: checkPercentiles(timings.receive, 'receive'), process: checkPercentiles(timings.process, 'process') };
}
