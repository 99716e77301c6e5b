import type { DurationPercentiles, HandlingTimings } from '@factum/event-store';
import type { ConsoleRebuildProgress, ConsoleSubscriberStatus } from '../console-options';
import { html, type SafeHtml } from '../html/html';
import type { ConsolePaths } from '../html/layout';
import { timeText } from './event-row';
import type { SubscribersView } from './subscribers-page';

export const num = (value: number | null | undefined, unit = ''): string =>
  value === null || value === undefined ? '–' : `${Math.round(value * 10) / 10}${unit}`;

const percentiles = (times: DurationPercentiles): string => `${num(times.p50)} · ${num(times.p95)} · ${num(times.p99)} ms`;

function timingsCell(timings: HandlingTimings | null | undefined): SafeHtml {
  if (!timings) return html`<td class="timings muted">–</td>`;
  return html`<td class="timings" title="p50 · p95 · p99 over the latest ${String(timings.events)} events">
    <div class="receive">receive ${percentiles(timings.receive)}</div>
    <div class="process">process ${percentiles(timings.process)}</div>
  </td>`;
}

export function actionForm(paths: ConsolePaths, action: string, fields: Record<string, string>, label: string): SafeHtml {
  return html`<form method="post" action="${paths.to(`/actions/${action}`)}" data-action="${action}">
    ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}<input type="hidden" name="token" value="" />
    <button type="submit">${label}</button>
  </form>`;
}

export function rebuildText(progress: ConsoleRebuildProgress | { failed: string } | null | undefined): SafeHtml | string {
  if (!progress) return '';
  if ('failed' in progress) return html`<div class="bad">rebuild failed: ${progress.failed}</div>`;
  const share = progress.total ? ` of ${progress.total} (${Math.floor((progress.done / Math.max(progress.total, 1)) * 100)}%)` : '';
  return html`<div class="rebuild">
    ${progress.finished ? 'rebuilt' : 'rebuilding'}: ${progress.done}${share}, ${num(progress.eventsPerSecond)}
    events/s${progress.etaMs !== null && !progress.finished ? `, ${Math.ceil(progress.etaMs / 1000)} s left` : ''}
  </div>`;
}

/**
 * One subscriber's row, and its dead letters' under it. A partition of a partitioned subscriber
 * (`inGroup`) has no rebuild of its own: the whole subscriber is rebuilt from its group's row.
 */
export function subscriberRow(paths: ConsolePaths, view: SubscribersView, status: ConsoleSubscriberStatus, inGroup = false): SafeHtml {
  const actions = view.actionsAllowed;
  const letters = view.deadLetters.filter((letter) => letter.subscriber === status.name);
  const error = status.lastError;
  const owner = status.owner
    ? `${status.owner.process} (${status.owner.state})`
    : status.active === undefined
      ? '–'
      : status.active
        ? 'this process'
        : 'another process';
  return html`<tr data-subscriber="${status.name}" ${inGroup ? html` class="partition"` : ''}>
      <td>
        <strong>${status.name}</strong>
        <div class="muted">${inGroup ? 'partition' : status.kind}</div>
      </td>
      <td><span class="pill ${status.state}">${status.state}</span></td>
      <td class="mono">${status.position ?? '–'}</td>
      <td>${num(status.lag)}${status.lagSeconds !== undefined ? html`<div class="muted">${num(status.lagSeconds, ' s')}</div>` : ''}</td>
      <td>${num(status.eventsPerSecond)}</td>
      ${timingsCell(status.timings)}
      <td>${owner}</td>
      <td class="last-error">
        ${
          error
            ? html`<div class="bad">${error.message}</div>
                <div class="muted">
                  ${error.code ?? ''} after ${error.attempts} attempt(s) at
                  ${timeText(error.at)}${error.eventId ? html` on <a href="${paths.event(error.eventId)}">event</a>` : ''}
                </div>`
            : html`<span class="muted">none</span>`
        }${inGroup ? '' : rebuildText(view.rebuilds.get(status.name) ?? status.rebuild)}
      </td>
      <td>
        <div class="actions">
          ${actions && view.can.restart && status.state === 'stopped' ? actionForm(paths, 'restart', { subscriber: status.name }, 'Restart') : ''}${
            actions && view.can.rebuild && status.kind === 'projector' && !inGroup ? actionForm(paths, 'rebuild', { subscriber: status.name }, 'Rebuild') : ''
          }
        </div>
      </td>
    </tr>
    ${
      letters.length > 0
        ? html`<tr class="dead-letters">
            <td></td>
            <td colspan="8">
              <strong>${letters.length} dead letter(s)</strong>
              <table>
                <thead>
                  <tr>
                    <th>event</th>
                    <th>error</th>
                    <th>attempts</th>
                    <th>failed at</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${letters.map(
                    (letter) =>
                      html`<tr data-dead-letter="${letter.eventId}">
                        <td>
                          <a href="${paths.event(letter.eventId)}">${letter.eventType}</a> <span class="muted">${letter.streamId} v${letter.version}</span>
                        </td>
                        <td class="bad">${letter.error.message}</td>
                        <td>${letter.attempts}</td>
                        <td class="mono">${timeText(letter.failedAt)}</td>
                        <td>
                          <div class="actions">
                            ${
                              actions
                                ? html`${actionForm(paths, 'retry', { subscriber: status.name, eventId: letter.eventId }, 'Retry')}${actionForm(paths, 'skip', { subscriber: status.name, eventId: letter.eventId }, 'Skip')}`
                                : ''
                            }
                          </div>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </td>
          </tr>`
        : ''
    }`;
}
