import type { StoreStatus } from '../status/store-status';

function ago(from: Date | null, now: Date): string {
  if (!from) return 'unknown';
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}min ago`;
  return `${Math.round(seconds / 3600)}h ago`;
}

function table(rows: string[][]): string {
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
