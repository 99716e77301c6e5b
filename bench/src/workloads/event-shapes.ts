/**
 * The events every system writes, so that each one stores and reads the same bytes. `n` is a
 * sequence number unique across a workload; consumers use it to find lost or duplicated events.
 */
export const EVENT_TYPE = 'Deposited';

export interface DepositedData {
  [key: string]: string | number;
  accountId: string;
  amount: number;
  n: number;
}

export function deposited(n: number, accountId: string): DepositedData {
  return { accountId, amount: (n % 7) + 1, n };
}

export const streamName = (i: number): string => `account-${i}`;

/**
 * How the catch-up workload spreads its events: append `j` goes to stream `j % streams` and holds
 * events `j*perAppend .. j*perAppend+perAppend-1`. A stream's appends are `streams` indexes apart,
 * so with as many streams as writers no two writers ever touch one stream at once.
 */
export interface CatchUpPlan {
  appends: number;
  streamOf(append: number): number;
  /** The 0-based version of the append's first event in its stream. */
  firstVersionOf(append: number): number;
  eventsOf(append: number): DepositedData[];
}

export function catchUpPlan(events: number, streams: number, perAppend: number): CatchUpPlan {
  const appends = Math.ceil(events / perAppend);
  return {
    appends,
    streamOf: (j) => j % streams,
    firstVersionOf: (j) => Math.floor(j / streams) * perAppend,
    eventsOf: (j) => {
      const out: DepositedData[] = [];
      for (let n = j * perAppend; n < Math.min(events, (j + 1) * perAppend); n++) out.push(deposited(n, streamName(j % streams)));
      return out;
    },
  };
}

/** Writers used to fill the catch-up log: 16, never more than there are streams. */
export const writersFor = (writers: number, streams: number): number => Math.max(1, Math.min(writers, streams));

/** The command workload's n-th command: round-robin over the aggregates. */
export function commandFor(n: number, aggregates: number): { accountId: string; amount: number; n: number } {
  return { accountId: String(n % aggregates), amount: (n % 7) + 1, n };
}
