import type { StartPosition } from '@factum/event-store';
import type { ErrorPolicy, RetryOptions } from './error-policy';

/** What every subscriber declares. */
export interface SubscriberOptions {
  /**
   * The subscription's identity: its checkpoint (and lease, and dead letters) are stored under
   * it. Renaming a subscriber starts a new subscription.
   */
  name: string;
  /** Retries of a failing handler before `onError` decides (bounded exponential backoff). */
  retry?: RetryOptions;
  /** What happens to an event whose handler still fails after its retries. Default `'stop'`. */
  onError?: ErrorPolicy;
  /** Events per read while catching up, and the most per unit of work. Default: the app's (500). */
  batchSize?: number;
}

export interface ProjectorOptions extends SubscriberOptions {
  /** Where a new projector begins: `'origin'` (default: the whole log), `'head'` or a position. */
  startFrom?: StartPosition;
  /**
   * Handle events inside the subscriber store's transaction (`ctx.tx`), committing read-model
   * writes and the checkpoint together: exactly-once effects. Needs a store with transactions
   * (Postgres). Default false: at-least-once, the checkpoint is written after the handlers.
   */
  transactional?: boolean;
  /** `'strong'` (default): `dispatch(cmd, { consistency: 'strong' })` waits for this projector. */
  consistency?: 'strong' | 'eventual';
}

export interface EventHandlerOptions extends SubscriberOptions {
  /** Where a new handler begins: `'head'` (default: only events from its first start on), `'origin'` or a position. */
  startFrom?: StartPosition;
  /** As for projectors; default false. */
  transactional?: boolean;
  /** `'eventual'` (default), or `'strong'` to make strongly consistent dispatches wait for it. */
  consistency?: 'strong' | 'eventual';
}

/** Process managers always start at the head (hot only) and are never rebuilt. */
export type ProcessManagerOptions = SubscriberOptions;
