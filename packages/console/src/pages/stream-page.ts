import { streamCategory, type RecordedEvent } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';
import { viewOf } from '../data/event-view';
import { html, type SafeHtml } from '../html/html';
import { jsonView } from '../html/json-view';
import { page, type ConsolePaths } from '../html/layout';
import { timeText } from './event-row';

/** The aggregate state as of a version, or why there is none. */
export type AggregateState = { kind: 'state'; version: number; state: unknown } | { kind: 'unavailable'; reason: string };

/** One stream: every event with version, position, time, type, data and metadata, and the aggregate state as of a version. */
export function streamPage(
  settings: ConsoleSettings,
  paths: ConsolePaths,
  streamId: string,
  events: readonly RecordedEvent[],
  state: AggregateState,
  more: { next?: number },
): string {
  const body = html`<h1>Stream <span class="mono">${streamId}</span></h1>
    <p class="muted">
      category ${streamCategory(streamId)} · ${events.length} event(s) shown · <a href="${paths.to(`/?stream=${encodeURIComponent(streamId)}`)}">in the log</a>
    </p>
    <h2>Aggregate state</h2>
    ${
      state.kind === 'state'
        ? html`<p class="muted">as of version ${state.version} (choose another version below)</p>
            ${jsonView(state.state)}`
        : html`<p class="muted" id="state-unavailable">${state.reason}</p>`
    }
    <h2>Events</h2>
    <table id="stream-events">
      <thead>
        <tr>
          <th>version</th>
          <th>position</th>
          <th>time (UTC)</th>
          <th>type</th>
          <th>data</th>
          <th>metadata</th>
        </tr>
      </thead>
      <tbody>
        ${
          events.length === 0
            ? html`<tr>
                <td colspan="6" class="muted">This stream has no events.</td>
              </tr>`
            : ''
        }
        ${events.map((event) => streamRow(settings, paths, event, state))}
      </tbody>
    </table>
    ${more.next !== undefined ? html`<p><a href="${paths.to(`/streams/${encodeURIComponent(streamId)}?from=${more.next}`)}">Later events →</a></p>` : ''}`;
  return page(paths, { title: streamId, section: 'log', body });
}

function streamRow(settings: ConsoleSettings, paths: ConsolePaths, event: RecordedEvent, state: AggregateState): SafeHtml {
  const view = viewOf(settings, event);
  const current = state.kind === 'state' && state.version === event.version;
  return html`<tr${current ? html` class="fresh"` : ''}>
<td><a href="${paths.stream(event.streamId, event.version)}" title="the aggregate state as of this version">${event.version}</a></td>
<td class="mono">${event.position}</td>
<td class="mono">${timeText(event.occurredAt)}</td>
<td><a href="${paths.event(event.eventId)}">${event.type}</a></td>
<td>${view.shown ? jsonView(view.data) : html`<span class="muted">${view.reason}</span>`}</td>
<td>${view.shown ? jsonView(view.metadata) : ''}</td>
</tr>`;
}
