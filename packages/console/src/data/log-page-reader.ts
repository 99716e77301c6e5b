import { isFactumError, type EventStore, type RecordedEvent } from '@factum/event-store';
import { ConsoleRequestError } from '../errors/console-errors';
import { matchesLogFilter, positionOf, type LogFilter } from './log-filter';

export interface LogPage {
  /** Newest first. */
  events: RecordedEvent[];
  /** The `before` of the next (older) page; absent on the last page. */
  next?: string;
}

/**
 * One page of the log, newest first, by keyset: a backward read from the head or from the
 * oldest event of the previous page, so a page costs the same at the head of a long log as
 * anywhere in it. Filters by type, category and time run in the store.
 */
export async function readLogPage(store: EventStore, filter: LogFilter, pageSize: number): Promise<LogPage> {
  try {
    return filter.stream !== undefined ? await readStreamPage(store, filter, pageSize) : await readGlobalPage(store, filter, pageSize);
  } catch (error) {
    if (isFactumError(error, 'INVALID_INPUT')) {
      const argument = (error as { argument?: unknown }).argument;
      throw new ConsoleRequestError(400, argument === 'upTo' ? `'before' is not a position of this log (${error.message})` : error.message);
    }
    throw error;
  }
}

async function readGlobalPage(store: EventStore, filter: LogFilter, pageSize: number): Promise<LogPage> {
  const events: RecordedEvent[] = [];
  // With a cursor the read starts at that (already shown) event: one more, and skip it.
  const skip = filter.before === undefined ? 0 : 1;
  let index = 0;
  for await (const event of store.readAll({
    direction: 'backward',
    upTo: filter.before === undefined ? undefined : positionOf(filter.before),
    limit: pageSize + skip + 1,
    occurredFrom: filter.from,
    occurredBefore: filter.to,
    filter: {
      ...(filter.type !== undefined ? { types: [filter.type] } : {}),
      ...(filter.category !== undefined ? { categories: [filter.category] } : {}),
    },
  })) {
    if (index++ < skip && event.position === filter.before) continue;
    events.push(event);
  }
  return page(events, pageSize, (last) => last.position);
}

async function readStreamPage(store: EventStore, filter: LogFilter, pageSize: number): Promise<LogPage> {
  const events: RecordedEvent[] = [];
  const fromVersion = filter.before === undefined ? undefined : Number(filter.before) - 1;
  if (fromVersion === 0) return { events };
  // A stream's events in the filter, newest first; type and time are checked here (a stream is one entity's history).
  for await (const event of store.readStream(filter.stream!, { direction: 'backward', ...(fromVersion !== undefined ? { fromVersion } : {}) })) {
    if (!matchesLogFilter(filter, event)) continue;
    events.push(event);
    if (events.length > pageSize) break;
  }
  return page(events, pageSize, (last) => String(last.version));
}

function page(events: RecordedEvent[], pageSize: number, cursor: (last: RecordedEvent) => string): LogPage {
  if (events.length <= pageSize) return { events };
  const shown = events.slice(0, pageSize);
  return { events: shown, next: cursor(shown[shown.length - 1]!) };
}
