/**
 * Whether transaction `xid` had completed in the `pg_snapshot` text `snapshot`
 * (`xmin:xmax:xip,...`): what `pg_visible_in_snapshot(xid, snapshot)` answers, computed here
 * so that a start marker can filter events already read without another statement. Below xmin
 * everything had completed; from xmax on nothing had; in between, all but the listed ids.
 */
export function visibleInSnapshot(xid: bigint, snapshot: { xmin: bigint; xmax: bigint; inProgress: ReadonlySet<bigint> }): boolean {
  if (xid < snapshot.xmin) return true;
  if (xid >= snapshot.xmax) return false;
  return !snapshot.inProgress.has(xid);
}

/** The parts of a `pg_snapshot` text; `undefined` when it is not one. */
export function parseSnapshot(text: string): { xmin: bigint; xmax: bigint; inProgress: ReadonlySet<bigint> } | undefined {
  const match = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20},)*\d{1,20})?$/.exec(text);
  if (!match) return undefined;
  const inProgress = new Set(
    (match[3] ?? '')
      .split(',')
      .filter((id) => id !== '')
      .map((id) => BigInt(id)),
  );
  return { xmin: BigInt(match[1]!), xmax: BigInt(match[2]!), inProgress };
}
