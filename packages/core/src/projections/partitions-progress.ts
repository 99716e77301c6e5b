import type { RebuildProgress } from '../subscriptions/subscriber-status';

/**
 * One progress for the rebuild of a partitioned projector whose partitions replay side by side in
 * this process. Each partition reads every event the projector reads (and handles its share), so
 * the whole is as far as its slowest partition. Reported once every partition has reported.
 * Returns the callback to give partition `index`.
 */
export function partitionsProgress(
  subscriber: string,
  partitions: number,
  onProgress: (progress: RebuildProgress) => void,
): (index: number) => (progress: RebuildProgress) => void {
  const latest: Array<RebuildProgress | undefined> = Array.from({ length: partitions }, () => undefined);
  const report = (): void => {
    if (latest.some((progress) => progress === undefined)) return;
    const all = latest as RebuildProgress[];
    const done = Math.min(...all.map((progress) => progress.done));
    const elapsedMs = Math.max(...all.map((progress) => progress.elapsedMs));
    const totals = all.map((progress) => progress.total);
    const etas = all.map((progress) => progress.etaMs);
    onProgress({
      subscriber,
      done,
      total: totals.includes(null) ? null : Math.max(...(totals as number[])),
      eventsPerSecond: elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0,
      etaMs: etas.includes(null) ? null : Math.max(...(etas as number[])),
      elapsedMs,
      finished: all.every((progress) => progress.finished),
    });
  };
  return (index) => (progress) => {
    latest[index] = progress;
    report();
  };
}
