import { causationTree, type CausationNode, type RecordedEvent } from '@factum/event-store';
import { stepTimings, type StepTimings } from '../data/trace-timings';
import { html, type SafeHtml } from '../html/html';
import { page, type ConsolePaths } from '../html/layout';
import { timeText } from './event-row';

export interface TraceInput {
  correlationId: string;
  events: readonly RecordedEvent[];
  truncated: boolean;
  /** The event the trace was asked for, highlighted. */
  focus?: string;
}

const ms = (value: number | null): string => (value === null ? '–' : `${value} ms`);

function timings(t: StepTimings): SafeHtml {
  const split = t.receive !== null || t.process !== null ? html` = receive ${ms(t.receive)} + process ${ms(t.process)} + append ${ms(t.append)}` : '';
  return html`<span class="timings" title="emit: since the first event; then the hop from the cause"
    >emit +${t.sinceStart} ms${t.sinceCause !== null ? html` · ${ms(t.sinceCause)} after its cause${split}` : ''}</span
  >`;
}

/** Commands the same handler call sent before this event's command and that were refused (they stored nothing). */
function refusedBefore(event: RecordedEvent): SafeHtml[] {
  const refused = event.metadata['refusedCommands'];
  if (!Array.isArray(refused)) return [];
  return refused.map((entry: unknown) => {
    const { type, code } = (typeof entry === 'object' && entry !== null ? entry : {}) as { type?: unknown; code?: unknown };
    // A sibling of the event that followed: the attempt stored nothing, so it has no effects of its own.
    return html`<li data-refused="${String(type)}"><span class="node command failure">✗ command ${String(type)} refused: ${String(code)}</span></li>`;
  });
}

function commandOf(event: RecordedEvent): string | null {
  return typeof event.metadata['commandType'] === 'string' ? event.metadata['commandType'] : null;
}

/** The tree of causes and effects of a conversation: command → events → subscriber → command → events. */
export function tracePage(paths: ConsolePaths, input: TraceInput | null): string {
  const form = html`<form class="filters" method="get" action="${paths.to('/trace')}">
    <label>event id<input name="event" value="${input?.focus ?? ''}" /></label>
    <label>or correlation id<input name="correlation" value="${input && !input.focus ? input.correlationId : ''}" /></label>
    <button type="submit">Trace</button>
  </form>`;
  if (!input)
    return page(paths, {
      title: 'Trace',
      section: 'trace',
      body: html`<h1>Trace</h1>
        ${form}
        <p class="muted">Give an event id or a correlation id.</p>`,
    });
  const { events } = input;
  const start = events[0]?.occurredAt ?? new Date(0);
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const tree = causationTree(events, input.correlationId);
  // Events whose cause is outside the conversation's first command (another root) are shown as their own trees.
  const placed = new Set<string>();
  const collect = (node: CausationNode): void => {
    placed.add(node.id);
    node.effects.forEach(collect);
  };
  collect(tree);
  const orphans = events.filter((event) => !placed.has(event.eventId) && (event.causationId === null || !byId.has(event.causationId)));
  const renderNode = (node: CausationNode, cause: RecordedEvent | undefined): SafeHtml => {
    const event = node.event;
    if (!event) {
      const commandType = node.effects.map((effect) => (effect.event ? commandOf(effect.event) : null)).find((type) => type !== null);
      return html`<li>
        <span class="node command">command ${commandType ?? ''} <span class="muted mono">${node.id}</span></span>
        <ul>
          ${node.effects.map((effect) => renderNode(effect, undefined))}
        </ul>
      </li>`;
    }
    const processManager = typeof event.metadata['processManager'] === 'string' ? event.metadata['processManager'] : null;
    const commandType = commandOf(event);
    const step =
      processManager !== null
        ? html`<span class="node command">${processManager} → command ${commandType ?? '?'}</span> `
        : cause && commandType
          ? html`<span class="node command">command ${commandType}</span> `
          : '';
    return html`${refusedBefore(event)}
      <li data-event-type="${event.type}">
        ${step}<span class="node${input.focus === event.eventId ? ' focus' : ''}"
          ><a href="${paths.event(event.eventId)}">${event.type}</a>
          <span class="muted"
            >in <a href="${paths.stream(event.streamId, event.version)}">${event.streamId}</a> v${event.version} at ${timeText(event.occurredAt)}</span
          ></span
        >${timings(stepTimings(event, cause, start))}
        ${
          node.effects.length > 0
            ? html`<ul>
                ${node.effects.map((effect) => renderNode(effect, event))}
              </ul>`
            : ''
        }
      </li>`;
  };
  const body = html`<h1>Trace</h1>
    ${form}
    <p class="muted">
      Conversation <span class="mono">${input.correlationId}</span>: ${events.length} event(s)${input.truncated ? ' (the first ones only)' : ''}. Each event
      shows when it was emitted (since the first event) and how long after its cause; for a command sent by a process manager, that hop splits into receive,
      process and append.
    </p>
    ${events.length === 0 ? html`<p class="muted">No events in this conversation.</p>` : ''}
    <ul class="tree" id="trace-tree">
      ${tree.effects.length > 0 || tree.event ? renderNode(tree, undefined) : ''}${orphans.map((event) =>
        renderNode(causationTree(events, event.eventId), undefined),
      )}
    </ul>`;
  return page(paths, { title: 'Trace', section: 'trace', body });
}
