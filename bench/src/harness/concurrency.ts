/** Runs `task(0..total-1)` with at most `concurrency` promises in flight, in index order. */
export async function inFlight(total: number, concurrency: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds since an arbitrary origin, sub-millisecond precise. */
export const now = (): number => performance.now();

/** Resolves when `condition()` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string, everyMs = 2): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
