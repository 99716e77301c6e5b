// Test helper: resolves with each transfer's final event as it is committed, so tests wait on facts, not on sleeps.
import type { App } from '@factum/core';
import { TransferCompleted, TransferFailed } from '../src/transfers/transfer-messages';

export interface TransferOutcome {
  type: 'TransferCompleted' | 'TransferFailed';
  reason?: string;
  refunded?: boolean;
}

export interface TransferOutcomes {
  /** Resolves once the transfer has completed or failed; rejects after `timeoutMs`. */
  of(transferId: string, timeoutMs?: number): Promise<TransferOutcome>;
  stop(): void;
}

/** Start watching before dispatching, so no outcome can be missed. */
export function watchTransferOutcomes(app: App): TransferOutcomes {
  const seen = new Map<string, TransferOutcome>();
  const waiting = new Map<string, (outcome: TransferOutcome) => void>();
  const subscription = app.events$.subscribe((event) => {
    if (event.type !== TransferCompleted.type && event.type !== TransferFailed.type) return;
    const data = event.data as { transferId: string; reason?: string; refunded?: boolean };
    const outcome: TransferOutcome = { type: event.type as TransferOutcome['type'], reason: data.reason, refunded: data.refunded };
    seen.set(data.transferId, outcome);
    waiting.get(data.transferId)?.(outcome);
  });
  return {
    of(transferId, timeoutMs = 10_000) {
      const known = seen.get(transferId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`transfer ${transferId} has no outcome after ${timeoutMs} ms`)), timeoutMs);
        waiting.set(transferId, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
      });
    },
    stop: () => subscription.unsubscribe(),
  };
}
