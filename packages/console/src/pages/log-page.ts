import type { ConsoleSettings } from '../console-options';
import { logQuery, type LogFilter } from '../data/log-filter';
import type { LogPage } from '../data/log-page-reader';
import { html } from '../html/html';
import { page, type ConsolePaths } from '../html/layout';
import { eventRow, EVENT_TABLE_HEAD } from './event-row';

const inputTime = (date: Date | undefined): string => (date ? date.toISOString().slice(0, 16) : '');

/** The global log, newest first, with filters, an older-page link and (on the first page) live rows. */
export function logPage(settings: ConsoleSettings, paths: ConsolePaths, filter: LogFilter, result: LogPage, elapsedMs: number, liveAfter: string): string {
  const firstPage = filter.before === undefined;
  // Only the newest page grows live; an older page is a fixed window of history.
  const liveQuery = logQuery(filter);
  const liveAttribute = firstPage ? paths.to(`/live${liveQuery}${liveQuery === '' ? '?' : '&'}after=${encodeURIComponent(liveAfter)}`) : null;
  const body = html`<h1>Log ${firstPage ? html`<span id="live-state" class="pill">connecting</span>` : html`<span class="pill">history</span>`}</h1>
    <form class="filters" method="get" action="${paths.to('/')}">
      <label>category<input name="category" value="${filter.category ?? ''}" placeholder="account" /></label>
      <label>stream<input name="stream" value="${filter.stream ?? ''}" placeholder="account-42" /></label>
      <label>type<input name="type" value="${filter.type ?? ''}" placeholder="MoneyDeposited" /></label>
      <label>from (UTC)<input type="datetime-local" name="from" value="${inputTime(filter.from)}" /></label>
      <label>to (UTC)<input type="datetime-local" name="to" value="${inputTime(filter.to)}" /></label>
      <button type="submit">Filter</button> <a href="${paths.to('/')}">clear</a>
    </form>
    <table id="log" ${liveAttribute ? html`data-live="${liveAttribute}"` : ''}>
      ${EVENT_TABLE_HEAD}
      <tbody>
        ${
          result.events.length === 0
            ? html`<tr class="empty">
                <td colspan="5" class="muted">No events${firstPage ? ' yet' : ''}.</td>
              </tr>`
            : ''
        }
        ${result.events.map((event) => eventRow(settings, paths, event))}
      </tbody>
    </table>
    <p>
      ${result.next !== undefined ? html`<a id="older" href="${paths.to(`/${logQuery(filter, { before: result.next })}`)}">Older events →</a>` : html`<span class="muted">The oldest event is shown.</span>`}
      <span class="muted"> · page read in <span id="read-ms">${elapsedMs.toFixed(1)}</span> ms</span>
    </p>`;
  return page(paths, { title: 'Log', section: 'log', body });
}
