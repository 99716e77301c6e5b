import type { RecordedEvent } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';
import { viewOf } from '../data/event-view';
import { html } from '../html/html';
import { jsonView } from '../html/json-view';
import { page, type ConsolePaths } from '../html/layout';
import { timeText } from './event-row';

/** Everything about one event, with links to its stream, its cause and its effects. */
export function eventPage(
  settings: ConsoleSettings,
  paths: ConsolePaths,
  event: RecordedEvent,
  causes: readonly RecordedEvent[],
  effects: readonly RecordedEvent[],
): string {
  const view = viewOf(settings, event);
  const cause = causes[causes.length - 1];
  const commandType = typeof event.metadata['commandType'] === 'string' ? event.metadata['commandType'] : null;
  const body = html`<h1>${event.type} <span class="muted mono">${event.eventId}</span></h1>
    <dl class="facts">
      <dt>stream</dt>
      <dd><a id="stream-link" href="${paths.stream(event.streamId, event.version)}">${event.streamId}</a> version ${event.version}</dd>
      <dt>position</dt>
      <dd class="mono">${event.position}</dd>
      <dt>occurred at (UTC)</dt>
      <dd class="mono">${timeText(event.occurredAt)}</dd>
      <dt>schema version</dt>
      <dd>${event.schemaVersion}</dd>
      <dt>command</dt>
      <dd>${commandType ?? html`<span class="muted">none recorded</span>`}</dd>
      <dt>caused by</dt>
      <dd>
        ${
          cause
            ? html`<a id="cause-link" href="${paths.event(cause.eventId)}">${cause.type}</a> <span class="muted">in ${cause.streamId}</span>`
            : event.causationId
              ? html`<span class="mono">${event.causationId}</span> <span class="muted">(a command or request, not an event)</span>`
              : html`<span class="muted">nothing recorded</span>`
        }
      </dd>
      <dt>correlation</dt>
      <dd>
        ${event.correlationId ? html`<a href="${paths.trace({ correlation: event.correlationId })}" class="mono">${event.correlationId}</a>` : html`<span class="muted">none</span>`}
      </dd>
      <dt>trace</dt>
      <dd><a id="trace-link" href="${paths.trace({ event: event.eventId })}">causes and effects of this event</a></dd>
    </dl>
    <h2>Effects</h2>
    ${
      effects.length === 0
        ? html`<p class="muted">No event names this one as its cause.</p>`
        : html`<ul id="effects">
            ${effects.map((effect) => html`<li><a href="${paths.event(effect.eventId)}">${effect.type}</a> <span class="muted">in ${effect.streamId} at ${timeText(effect.occurredAt)}</span></li>`)}
          </ul>`
    }
    <div class="grid2">
      <div>
        <h2>Data</h2>
        ${view.shown ? jsonView(view.data) : html`<p class="muted">${view.reason}</p>`}
      </div>
      <div>
        <h2>Metadata</h2>
        ${view.shown ? jsonView(view.metadata) : ''}
      </div>
    </div>`;
  return page(paths, { title: event.type, section: 'log', body });
}
