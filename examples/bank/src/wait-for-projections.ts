import type { App } from '@factum/core';

/**
 * Resolves once every projector is live and has handled everything committed so far. Commands a
 * process manager dispatched are nobody's `consistency: 'strong'` dispatch, so this is how a
 * caller waits for their effects on the read models.
 */
export async function waitForProjections(app: App, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await app.projections.status();
    if (statuses.every((status) => status.state === 'live' && status.lag === 0)) return;
    if (Date.now() > deadline) {
      const behind = statuses
        .filter((status) => status.state !== 'live' || status.lag !== 0)
        .map((status) => `${status.name} (${status.state}, lag ${status.lag})`);
      throw new Error(`projections not caught up after ${timeoutMs} ms: ${behind.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
