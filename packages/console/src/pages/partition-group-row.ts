import { html, type SafeHtml } from '../html/html';
import type { ConsolePaths } from '../html/layout';
import type { PartitionGroup } from './subscriber-groups';
import { actionForm, num, rebuildText } from './subscriber-row';
import type { SubscribersView } from './subscribers-page';

/**
 * The row of a partitioned subscriber as a whole, above its partitions' rows: how many partitions,
 * how they are spread over processes, their states and largest lag, and the rebuild of the whole
 * subscriber (a single partition cannot be rebuilt: it shares the read model with the others).
 */
export function partitionGroupRow(paths: ConsolePaths, view: SubscribersView, group: PartitionGroup): SafeHtml {
  const owners =
    group.owners.length === 0 && group.unowned === 0
      ? html`<span class="muted">–</span>`
      : html`${group.owners.map((owner) => html`<div>${owner.process}: ${owner.partitions}</div>`)}${
          group.unowned > 0 ? html`<div class="bad">unowned: ${group.unowned}</div>` : ''
        }`;
  const seen = group.partitions.length === group.count ? '' : ` (${group.partitions.length} reported)`;
  return html`<tr data-subscriber-group="${group.subscriber}" class="partition-group">
    <td>
      <strong>${group.subscriber}</strong>
      <div class="muted">${group.kind}, ${group.count} partitions${seen}</div>
    </td>
    <td>${group.states.map((entry) => html`<div><span class="pill ${entry.state}">${entry.state}</span> ${entry.partitions}</div>`)}</td>
    <td class="muted">–</td>
    <td>
      ${num(group.maxLag)}
      <div class="muted">largest</div>
    </td>
    <td class="muted">–</td>
    <td class="muted">–</td>
    <td>${owners}</td>
    <td>${rebuildText(view.rebuilds.get(group.subscriber) ?? group.partitions.find((partition) => partition.rebuild)?.rebuild)}</td>
    <td>
      <div class="actions">
        ${
          view.actionsAllowed && view.can.rebuild && group.kind === 'projector'
            ? actionForm(paths, 'rebuild', { subscriber: group.subscriber }, 'Rebuild all partitions')
            : ''
        }
      </div>
    </td>
  </tr>`;
}
