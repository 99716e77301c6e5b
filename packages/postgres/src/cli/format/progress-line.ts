/** What a rebuild reports as it goes (the `RebuildProgress` of @factum/core, as stored). */
export interface ProgressFigures {
  done: number;
  total: number | null;
  eventsPerSecond: number;
  etaMs: number | null;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** `[#########-----------]  1200/5000 events  24%  3400 events/s  ETA 1s` */
export function progressLine(progress: ProgressFigures, width = 20): string {
  const { done, total } = progress;
  const share = total ? Math.min(1, done / total) : null;
  const filled = share === null ? 0 : Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const count = total === null ? `${done} events` : `${done}/${total} events  ${Math.floor((share ?? 0) * 100)}%`;
  const eta = progress.etaMs === null ? 'ETA ?' : `ETA ${duration(progress.etaMs)}`;
  return `${bar}  ${count}  ${Math.round(progress.eventsPerSecond)} events/s  ${eta}`;
}
