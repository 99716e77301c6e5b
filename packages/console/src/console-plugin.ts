import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isFactumError, type RecordedEvent } from '@factum/event-store';
import { checkActionAllowed, tokenOf } from './actions/action-guard';
import { ACTIONS, actionAbilities, runAction, type RebuildBoard } from './actions/subscriber-actions';
import { checkConsoleOptions, type FactumConsoleOptions } from './console-options';
import { aggregateStateOf } from './data/aggregate-state';
import { findEvent, readConversation } from './data/conversation';
import { viewOf } from './data/event-view';
import { parseLogFilter } from './data/log-filter';
import { readLogPage } from './data/log-page-reader';
import { ConsoleRequestError } from './errors/console-errors';
import { CONSOLE_CSS, CONSOLE_JS } from './html/assets';
import { html } from './html/html';
import { ConsolePaths, page } from './html/layout';
import { LiveFeeds, liveLog } from './live/live-log';
import { eventPage } from './pages/event-page';
import { logPage } from './pages/log-page';
import { streamPage, type AggregateState } from './pages/stream-page';
import { subscribersPage, subscribersTable, type SubscribersView } from './pages/subscribers-page';
import { tracePage } from './pages/trace-page';

/** What a browser may load on a console page: only the console's own script and stylesheet. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const STREAM_PAGE = 200;

/**
 * The Factum Console as a fastify plugin: `app.register(factumConsole, { app, prefix: '/factum' })`.
 * Read-only unless `allowActions` and a `token` are given. Encapsulated: its error handling and
 * form parsing stay inside its prefix.
 */
export async function factumConsole(fastify: FastifyInstance, options: FactumConsoleOptions): Promise<void> {
  const settings = checkConsoleOptions(options);
  const paths = new ConsolePaths(fastify.prefix);
  const rebuilds: RebuildBoard = new Map();
  const feeds = new LiveFeeds();
  fastify.addHook('preClose', async () => feeds.endAll());

  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  fastify.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  fastify.setErrorHandler((error, request, reply) => {
    const status = errorStatus(error);
    if (status >= 500) request.log.error(error);
    const message = status >= 500 && !isFactumError(error) ? 'The console failed to answer; see the server log.' : (error as Error).message;
    const code = isFactumError(error) ? error.code : 'CONSOLE_ERROR';
    if (wantsHtml(request)) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          page(paths, {
            title: 'Error',
            section: 'log',
            body: html`<h1>${status}</h1>
              <div class="notice bad" id="error">${message}</div>`,
          }),
        );
    }
    return reply.code(status).send({ code, message });
  });
  fastify.setNotFoundHandler((request, reply) => {
    const message = `No console page at ${request.url.split('?')[0]}.`;
    if (wantsHtml(request))
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(
          page(paths, {
            title: 'Not found',
            section: 'log',
            body: html`<h1>404</h1>
              <p>${message}</p>`,
          }),
        );
    return reply.code(404).send({ code: 'CONSOLE_NOT_FOUND', message });
  });

  const sendPage = (reply: FastifyReply, text: string): FastifyReply => reply.type('text/html; charset=utf-8').send(text);

  fastify.get('/assets/console.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(CONSOLE_CSS));
  fastify.get('/assets/console.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').send(CONSOLE_JS));

  fastify.get('/', async (request, reply) => {
    const filter = parseLogFilter(request.query);
    const started = performance.now();
    const result = await readLogPage(settings.store, filter, settings.pageSize);
    const elapsed = performance.now() - started;
    reply.header('server-timing', `read;dur=${elapsed.toFixed(1)}`);
    // The live feed starts after the newest event shown (or the head), so it misses nothing in between.
    const newest = result.events[0]?.position ?? (await settings.store.headPosition()) ?? '';
    return sendPage(reply, logPage(settings, paths, filter, result, elapsed, newest));
  });

  fastify.get<{ Querystring: Record<string, string | undefined> }>('/live', (request, reply) => {
    liveLog(settings, paths, feeds, parseLogFilter(request.query), request.query['after'], request, reply);
  });

  fastify.get<{ Params: { streamId: string }; Querystring: Record<string, string | undefined> }>('/streams/:streamId', async (request, reply) => {
    const { streamId } = request.params;
    const from = wholeNumber(request.query['from'], 'from') ?? 1;
    const events: RecordedEvent[] = [];
    for await (const event of settings.store.readStream(streamId, { fromVersion: from, limit: STREAM_PAGE + 1 })) events.push(event);
    const shown = events.slice(0, STREAM_PAGE);
    const last = shown[shown.length - 1];
    const version = wholeNumber(request.query['version'], 'version') ?? (await settings.store.streamVersion(streamId));
    let state: AggregateState;
    if (settings.redact || shown.some((event) => !viewOf(settings, event).shown)) {
      state = { kind: 'unavailable', reason: 'The aggregate state is not shown: data views of this console are redacted or hidden.' };
    } else state = await aggregateStateOf(settings, streamId, version);
    return sendPage(reply, streamPage(settings, paths, streamId, shown, state, { next: events.length > STREAM_PAGE && last ? last.version + 1 : undefined }));
  });

  fastify.get<{ Params: { eventId: string } }>('/events/:eventId', async (request, reply) => {
    const { event, causes } = await findEvent(settings.store, request.params.eventId);
    const conversation = event.correlationId ? (await readConversation(settings.store, event.correlationId)).events : [];
    const effects = conversation.filter((candidate) => candidate.causationId === event.eventId);
    return sendPage(reply, eventPage(settings, paths, event, causes, effects));
  });

  fastify.get<{ Querystring: Record<string, string | undefined> }>('/trace', async (request, reply) => {
    const eventId = request.query['event']?.trim() || undefined;
    const correlation = request.query['correlation']?.trim() || undefined;
    if (eventId === undefined && correlation === undefined) return sendPage(reply, tracePage(paths, null));
    let correlationId = correlation;
    if (eventId !== undefined) {
      const { event } = await findEvent(settings.store, eventId);
      correlationId = event.correlationId ?? event.eventId;
    }
    const { events, truncated } = await readConversation(settings.store, correlationId!);
    return sendPage(reply, tracePage(paths, { correlationId: correlationId!, events, truncated, focus: eventId }));
  });

  const subscribersView = async (): Promise<SubscribersView> => {
    const can = actionAbilities(settings);
    const base = { rebuilds, actionsAllowed: settings.token !== null, can };
    if (!settings.subscribers) {
      return {
        ...base,
        statuses: [],
        deadLetters: [],
        unavailable: 'Subscriber status needs the app (mount the console in it) or a database with stored checkpoints.',
      };
    }
    const [statuses, deadLetters] = await Promise.all([settings.subscribers.status(), settings.subscribers.deadLetters()]);
    return { ...base, statuses, deadLetters };
  };
  fastify.get<{ Querystring: Record<string, string | undefined> }>('/subscribers', async (request, reply) => {
    const done = request.query['done'];
    const failed = request.query['failed'];
    const notice = done ? { text: done, bad: false } : failed ? { text: failed, bad: true } : null;
    return sendPage(reply, subscribersPage(paths, await subscribersView(), notice));
  });
  fastify.get('/subscribers/table', async (_request, reply) => sendPage(reply, subscribersTable(paths, await subscribersView()).text));
  fastify.get('/api/subscribers', async () => {
    const view = await subscribersView();
    return { subscribers: view.statuses, deadLetters: view.deadLetters, rebuilds: Object.fromEntries(view.rebuilds) };
  });

  for (const action of ACTIONS) {
    fastify.post(`/actions/${action}`, async (request, reply) => {
      const fromForm = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
      try {
        checkActionAllowed(settings, tokenOf(request.body, request.headers.authorization));
        const message = await runAction(settings, rebuilds, action, request.body);
        if (fromForm)
          return reply
            .code(303)
            .header('location', paths.to(`/subscribers?done=${encodeURIComponent(message)}`))
            .send();
        return { ok: true, message };
      } catch (error) {
        if (!fromForm) throw error;
        // A form gets the subscribers page back with the reason, and the same status code.
        const status = errorStatus(error);
        if (status >= 500) request.log.error(error);
        const notice = { text: (error as Error).message, bad: true };
        return reply
          .code(status)
          .type('text/html; charset=utf-8')
          .send(subscribersPage(paths, await subscribersView(), notice));
      }
    });
  }
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new ConsoleRequestError(400, `'${name}' must be a whole number`);
  return Number(value);
}

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** The HTTP status of an error: the console's own, the store's typed errors, or 500. */
function errorStatus(error: unknown): number {
  if (!isFactumError(error)) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
  }
  switch (error.code) {
    case 'CONSOLE_BAD_REQUEST':
    case 'INVALID_INPUT':
      return 400;
    case 'CONSOLE_NOT_FOUND':
    case 'STREAM_NOT_FOUND':
    case 'UNKNOWN_SUBSCRIBER':
      return 404;
    case 'CONSOLE_ACTION_REFUSED':
      return 403;
    case 'CONSOLE_ACTION_UNSUPPORTED':
      return 501;
    case 'STREAM_DELETED':
      return 410;
    default:
      return 500;
  }
}
