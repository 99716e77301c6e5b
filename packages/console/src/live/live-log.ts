import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GlobalPosition } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';
import { matchesLogFilter, positionOf, type LogFilter } from '../data/log-filter';
import type { ConsolePaths } from '../html/layout';
import { eventRow } from '../pages/event-row';

const HEARTBEAT_MS = 15_000;

/** Open live feeds, so that closing the server ends them instead of waiting for browsers to leave. */
export class LiveFeeds {
  private readonly open = new Set<() => void>();
  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }
  endAll(): void {
    for (const end of [...this.open]) end();
  }
}

/**
 * The log's new events as server-sent events, each a table row rendered (and escaped) here.
 * Starts after `after` (the newest event the page showed), so nothing between the page and the
 * feed is missed; the store's subscription keeps log order and never skips an event.
 */
export function liveLog(
  settings: ConsoleSettings,
  paths: ConsolePaths,
  feeds: LiveFeeds,
  filter: LogFilter,
  after: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const from: GlobalPosition | 'head' | 'origin' = after === undefined ? 'head' : after === '' ? 'origin' : positionOf(after);
  // Made before answering, so a bad position is a 400 from the error handler, not a broken stream.
  const events = settings.store.subscribe({
    from,
    filter: {
      ...(filter.type !== undefined ? { types: [filter.type] } : {}),
      ...(filter.category !== undefined ? { categories: [filter.category] } : {}),
    },
  });
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  response.write(': live\n\n');
  const subscription = events.subscribe({
    next: (event) => {
      if (!matchesLogFilter(filter, event)) return;
      response.write(`id: ${event.position}\ndata: ${JSON.stringify({ eventId: event.eventId, row: eventRow(settings, paths, event, true).text })}\n\n`);
    },
    error: () => end(),
    complete: () => end(),
  });
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
  let ended = false;
  const forget = feeds.add(() => end());
  function end(): void {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    subscription.unsubscribe();
    forget();
    response.end();
  }
  request.raw.on('close', end);
}
