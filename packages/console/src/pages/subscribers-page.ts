import type { DeadLetter } from '@factum/event-store';
import type { ConsoleRebuildProgress, ConsoleSubscriberStatus } from '../console-options';
import { html, type SafeHtml } from '../html/html';
import { page, type ConsolePaths } from '../html/layout';
import { partitionGroupRow } from './partition-group-row';
import { groupSubscribers } from './subscriber-groups';
import { subscriberRow } from './subscriber-row';

export interface SubscribersView {
  statuses: readonly ConsoleSubscriberStatus[];
  deadLetters: readonly DeadLetter[];
  /** Rebuilds started from the console, by subscriber. */
  rebuilds: ReadonlyMap<string, ConsoleRebuildProgress | { failed: string }>;
  actionsAllowed: boolean;
  /** Which actions the app can do. */
  can: { restart: boolean; retry: boolean; skip: boolean; rebuild: boolean };
  /** No subscriber source at all (a console without an app or stored checkpoints). */
  unavailable?: string;
}

/** The part of the page that refreshes itself every second. */
export function subscribersTable(paths: ConsolePaths, view: SubscribersView): SafeHtml {
  if (view.unavailable) return html`<p class="muted">${view.unavailable}</p>`;
  const rows = groupSubscribers(view.statuses).map((entry) =>
    'status' in entry
      ? subscriberRow(paths, view, entry.status)
      : html`${partitionGroupRow(paths, view, entry.group)}${entry.group.partitions.map((status) => subscriberRow(paths, view, status, true))}`,
  );
  return html`<table id="subscribers">
    <thead>
      <tr>
        <th>subscriber</th>
        <th>state</th>
        <th>position</th>
        <th>lag (events / seconds)</th>
        <th>events/s</th>
        <th>receive / process p50 · p95 · p99</th>
        <th>owner</th>
        <th>last error</th>
        <th>actions</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr>
              <td colspan="9" class="muted">No subscribers.</td>
            </tr>`
          : rows
      }
    </tbody>
  </table>`;
}

export function subscribersPage(paths: ConsolePaths, view: SubscribersView, notice: { text: string; bad: boolean } | null): string {
  const body = html`<h1>Subscribers</h1>
    ${notice ? html`<div class="notice${notice.bad ? ' bad' : ''}" id="notice">${notice.text}</div>` : ''}
    ${
      view.actionsAllowed
        ? html`<p>
            <label>Action token <input type="password" id="action-token" autocomplete="off" placeholder="printed when the console started" /></label>
          </p>`
        : html`<p class="muted">Read-only: actions (retry, skip, restart, rebuild) need the console started with --allow-actions and its token.</p>`
    }
    <div data-refresh="${paths.to('/subscribers/table')}">${subscribersTable(paths, view)}</div>`;
  return page(paths, { title: 'Subscribers', section: 'subscribers', body });
}
