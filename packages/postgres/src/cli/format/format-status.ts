import type { StoreStatus } from '../../status/store-status';
import { summarizePartitions, type PartitionedSubscriberSummary } from '../partition-summary';
import type { SubscriberOverview } from '../subscriber-overview';

export function ago(from: Date | null, now: Date): string {
  if (!from) return 'unknown';
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}min ago`;
  return `${Math.round(seconds / 3600)}h ago`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        `  ${row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** `factum status` as text for a terminal. */
export function formatStatus(status: StoreStatus, now: Date): string {
  let text = '';
  const outdated = status.schemaVersion < status.latestSchemaVersion ? ' -- run `factum migrate`' : '';
  text += `schema      ${status.schema} (migration ${status.schemaVersion} of ${status.latestSchemaVersion}${outdated})\n`;
  text += `head        ${status.headPosition ?? '(no events)'}\n`;
  text += `horizon     transaction ${status.horizon}\n`;
  const held = status.heldBack;
  text += `held back   ${held.events}${held.capped ? '+' : ''} committed event(s) wait for older appends to end\n`;
  if (held.events > 0 || held.holders.some((holder) => holder.holdsHorizon)) {
    const holders = held.holders.map((holder) => [
      holder.holdsHorizon ? '*' : '',
      holder.pid === null ? 'prepared' : String(holder.pid),
      holder.state ?? '',
      holder.transactionId === null ? '(no id yet)' : `${holder.transactionId} (age ${holder.transactionAge})`,
      `started ${ago(holder.transactionStartedAt, now)}`,
      (holder.query ?? '').replace(/\s+/g, ' ').slice(0, 60),
    ]);
    if (holders.length > 0) {
      text += 'open appends (* holds subscribers back; only appends of this store can, see idle_in_transaction_session_timeout):\n';
      text += table([['', 'PID', 'STATE', 'TRANSACTION', 'AGE', 'QUERY'], ...holders]);
    }
  }
  if (status.checkpoints.length === 0) text += 'checkpoints (none)\n';
  else {
    text += 'checkpoints\n';
    text += table([
      ['NAME', 'POSITION', 'LAG', 'UPDATED'],
      ...status.checkpoints.map((checkpoint) => [
        checkpoint.name,
        checkpoint.position,
        checkpoint.lag === null ? '?' : `${checkpoint.lag}${checkpoint.lagCapped ? '+' : ''}`,
        ago(checkpoint.updatedAt, now),
      ]),
    ]);
  }
  return text;
}

/** The subscribers part of `factum status`: stopped ones first with their error, then a table. */
export function formatSubscribers(subscribers: readonly SubscriberOverview[], now: Date): string {
  if (subscribers.length === 0) return 'subscribers (none)\n';
  let text = '';
  const stopped = subscribers.filter((subscriber) => subscriber.state === 'stopped');
  for (const subscriber of stopped) {
    const error = subscriber.lastError
      ? `${subscriber.lastError.code ? `${subscriber.lastError.code}: ` : ''}${subscriber.lastError.message}`
      : 'no error reported';
    text += `STOPPED     ${subscriber.name} (on ${subscriber.owner ?? '?'}): ${error.replace(/\s+/g, ' ').slice(0, 200)}\n`;
  }
  text += 'subscribers (lag counts the event types each reads; * = every event, its filter is not reported)\n';
  const rows: string[][] = [];
  let group: string | null = null;
  for (const subscriber of subscribers) {
    const partition = subscriber.partition;
    // A partitioned subscriber's partitions are listed under its name, each by its index.
    if (partition && partition.subscriber !== group) rows.push([partition.subscriber, subscriber.kind ?? '?', 'partitioned', '', '', '', '', '', '', '']);
    group = partition?.subscriber ?? null;
    rows.push([
      partition ? `  #${partition.index}` : subscriber.name,
      subscriber.kind ?? '?',
      subscriber.state,
      subscriber.lag === null ? '?' : `${subscriber.lag}${subscriber.lagCapped ? '+' : ''}${subscriber.lagFiltered ? '' : '*'}`,
      subscriber.lagSeconds === null ? '?' : String(subscriber.lagSeconds),
      subscriber.eventsPerSecond === null ? '?' : String(subscriber.eventsPerSecond),
      String(subscriber.deadLetters),
      subscriber.owner ?? '(none)',
      subscriber.reportedAt ? `${ago(subscriber.reportedAt, now)}${subscriber.stale ? ' (gone?)' : ''}` : 'never',
      subscriber.timings ? `${subscriber.timings.receive.p95}/${subscriber.timings.process.p95}` : '-',
    ]);
  }
  text += table([['NAME', 'KIND', 'STATE', 'LAG', 'LAG S', 'EVENTS/S', 'DEAD', 'OWNER', 'SEEN', 'RECEIVE/PROCESS P95 MS'], ...rows]);
  for (const summary of summarizePartitions(subscribers)) text += `${formatPartitionSummary(summary)}\n`;
  return text;
}

/** `ledger: 8 partitions, web-1:3977:1c0e 3, web-2:4121:9f3a 3, web-3:… 2; max lag 12`. */
export function formatPartitionSummary(summary: PartitionedSubscriberSummary): string {
  const owners = Object.entries(summary.owners)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([owner, count]) => `${owner} ${count}`);
  if (summary.unowned > 0) owners.push(`no owner ${summary.unowned}`);
  const lag = summary.maxLag === null ? '?' : `${summary.maxLag}${summary.maxLagCapped ? '+' : ''}`;
  return `partitions  ${summary.subscriber}: ${summary.partitions} partitions, ${owners.join(', ')}; max lag ${lag}`;
}
