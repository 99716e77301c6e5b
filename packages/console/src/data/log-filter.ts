import { asGlobalPosition, type GlobalPosition, type RecordedEvent } from '@factum/event-store';
import { ConsoleRequestError } from '../errors/console-errors';

/** The log page's filters and place, from its query string. */
export interface LogFilter {
  category?: string;
  stream?: string;
  type?: string;
  /** Events at or after this moment. */
  from?: Date;
  /** Events before this moment. */
  to?: Date;
  /** The next page: events older than this position (or this stream version, with `stream`). */
  before?: string;
}

const MAX_TEXT = 500;

function text(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ConsoleRequestError(400, `'${name}' must be given once, as text`);
  if (value.length > MAX_TEXT) throw new ConsoleRequestError(400, `'${name}' is longer than ${MAX_TEXT} characters`);
  return value.trim() === '' ? undefined : value.trim();
}

function time(query: Record<string, unknown>, name: string): Date | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  // <input type="datetime-local"> sends local time without a zone: read it as UTC, as the page shows times.
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw new ConsoleRequestError(400, `'${name}' is not a time: expected e.g. 2026-01-31T12:00 (UTC)`);
  }
  return date;
}

export function parseLogFilter(query: unknown): LogFilter {
  const values = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const filter: LogFilter = {
    category: text(values, 'category'),
    stream: text(values, 'stream'),
    type: text(values, 'type'),
    from: time(values, 'from'),
    to: time(values, 'to'),
    before: text(values, 'before'),
  };
  if (filter.from && filter.to && filter.from >= filter.to) throw new ConsoleRequestError(400, "'from' must be before 'to'");
  if (filter.stream && filter.before !== undefined && !/^[1-9]\d{0,15}$/.test(filter.before)) {
    throw new ConsoleRequestError(400, "'before' must be a stream version when 'stream' is given");
  }
  return filter;
}

/** The query string of a filter (for links to the next page and the live feed). */
export function logQuery(filter: LogFilter, extra: Partial<LogFilter> = {}): string {
  const merged = { ...filter, ...extra };
  const params = new URLSearchParams();
  for (const name of ['category', 'stream', 'type', 'before'] as const) if (merged[name] !== undefined) params.set(name, merged[name]);
  for (const name of ['from', 'to'] as const) if (merged[name] !== undefined) params.set(name, merged[name].toISOString());
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** Whether an event passes the filter (the live feed checks what the store filter cannot). */
export function matchesLogFilter(filter: LogFilter, event: RecordedEvent): boolean {
  if (filter.stream !== undefined && event.streamId !== filter.stream) return false;
  if (filter.type !== undefined && event.type !== filter.type) return false;
  if (filter.category !== undefined && !(event.streamId === filter.category || event.streamId.startsWith(`${filter.category}-`))) return false;
  if (filter.from && event.occurredAt < filter.from) return false;
  if (filter.to && event.occurredAt >= filter.to) return false;
  return true;
}

export function positionOf(token: string): GlobalPosition {
  return asGlobalPosition(token);
}
