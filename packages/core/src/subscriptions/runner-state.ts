import type { SubscriberState } from './subscriber-status';

/**
 * Where a runner is, as one value: not started, waiting for its lease, reading (in batches while
 * behind, pushed while live, with a handler being retried or not), or halted by the `stop`
 * policy until `restart`.
 */
export type RunnerState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'standby' }
  /** Asking for the lease, within its process's share of partitions. */
  | { kind: 'acquiring' }
  | { kind: 'catching-up'; retrying: boolean }
  | { kind: 'live'; retrying: boolean }
  | { kind: 'stopped' };

/** The runner holds its lease or is asking for it: what counts against its process's share. */
export function holdsOrClaims(state: RunnerState): boolean {
  return state.kind === 'acquiring' || isActive(state);
}

/** The runner holds its lease and reads (or is halted at a failing event). */
export function isActive(state: RunnerState): boolean {
  return state.kind === 'catching-up' || state.kind === 'live' || state.kind === 'stopped';
}

/** The state as status reports it; a rebuild shows while it runs. */
export function reportedState(state: RunnerState, rebuilding: boolean): SubscriberState {
  if (state.kind === 'acquiring') return 'starting';
  if (state.kind !== 'catching-up' && state.kind !== 'live') return state.kind;
  if (state.retrying) return 'retrying';
  if (rebuilding) return 'rebuilding';
  return state.kind;
}
