import type { RecordedEvent } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';
import { viewOf } from '../data/event-view';
import { html, type SafeHtml } from '../html/html';
import { jsonPreview } from '../html/json-view';
import type { ConsolePaths } from '../html/layout';

/** ISO time to the millisecond, UTC: what every page shows. */
export function timeText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** One event as a row of the log table (also what the live feed sends). */
export function eventRow(settings: ConsoleSettings, paths: ConsolePaths, event: RecordedEvent, fresh = false): SafeHtml {
  const view = viewOf(settings, event);
  return html`<tr class="${fresh ? 'fresh' : ''}" data-event-id="${event.eventId}">
    <td class="mono">${timeText(event.occurredAt)}</td>
    <td><a href="${paths.stream(event.streamId)}">${event.streamId}</a> <span class="muted">v${event.version}</span></td>
    <td><a href="${paths.event(event.eventId)}">${event.type}</a></td>
    <td class="mono">${view.shown ? jsonPreview(view.data) : html`<span class="muted">${view.reason}</span>`}</td>
    <td><a href="${paths.trace({ event: event.eventId })}" title="causes and effects">trace</a></td>
  </tr>`;
}

export const EVENT_TABLE_HEAD = html`<thead>
  <tr>
    <th>time (UTC)</th>
    <th>stream</th>
    <th>type</th>
    <th>data</th>
    <th></th>
  </tr>
</thead>`;
