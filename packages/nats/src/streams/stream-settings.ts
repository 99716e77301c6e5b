/** A JetStream stream as `ensureStream` creates or checks it. */
export interface StreamSettings {
  /** The stream's name: letters, digits, `-` and `_`. */
  name: string;
  /** The subjects it stores, wildcards allowed (`bank.transfers.>`). */
  subjects: readonly string[];
  /** `'limits'` (default: kept until limits), `'interest'` (until every consumer acknowledged) or `'workqueue'` (until one did). */
  retention?: 'limits' | 'interest' | 'workqueue';
  /**
   * How long the server remembers message ids to drop a message published again. Default 2
   * minutes (the server's own default). A relay down for longer than this publishes the
   * unacknowledged tail again as new messages: see docs/integration.md.
   */
  duplicateWindowMs?: number;
  /** `'file'` (default) or `'memory'`. */
  storage?: 'file' | 'memory';
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
