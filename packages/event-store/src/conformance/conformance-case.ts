import type { CheckpointStore } from '../contract/checkpoint-store';
import type { EventStore } from '../contract/event-store';
import type { SnapshotStore } from '../contract/snapshot-store';

/**
 * What one conformance case runs against. The factory must return a fresh, empty store for every
 * case (a new in-memory store, a new Postgres schema...): cases assert on the whole global log.
 */
export interface ConformanceFixture {
  store: EventStore;
  /** When given, the `checkpoints` cases run against it, with positions taken from `store`. */
  checkpoints?: CheckpointStore;
  /** When given, the `snapshots` cases run against it. */
  snapshots?: SnapshotStore;
  /**
   * Tears the fixture down after its case (end pools, drop the schema). Defaults to
   * `store.close()`. It may run after the case closed the store itself.
   */
  close?(): Promise<void>;
}

export type ConformanceFactory = () => ConformanceFixture | Promise<ConformanceFixture>;

export interface ConformanceOptions {
  /** How long a case waits for a subscription to deliver what it expects. Default 5,000 ms. */
  waitTimeoutMs?: number;
  /** fast-check runs per property-based case. Default 20. */
  propertyRuns?: number;
  /** The test timeout of each case under Jest. Default 60,000 ms. */
  caseTimeoutMs?: number;
  /**
   * Topics (`'snapshots'`) or case ids (`'subscriptions/from-head'`) to leave out, e.g. the
   * checkpoint and snapshot topics for a package that only provides an `EventStore`.
   */
  skip?: readonly string[];
}

/** What a case receives: the fixture's stores and the suite's settings. */
export interface ConformanceContext {
  store: EventStore;
  checkpoints?: CheckpointStore;
  snapshots?: SnapshotStore;
  waitTimeoutMs: number;
  propertyRuns: number;
}

/** One promise of the contract as an executable check; it throws (an `AssertionError`) when broken. */
export interface ConformanceCase {
  /** Stable, e.g. `'append-versions/no-stream-refuses-an-existing-stream'`; starts with the topic. */
  id: string;
  /** The group the case belongs to, e.g. `'append-versions'`. */
  topic: string;
  /** What the case proves, as a sentence. */
  name: string;
  /** A companion store the case needs from the fixture. */
  requires?: 'checkpoints' | 'snapshots';
  run(context: ConformanceContext): Promise<void>;
}

/** Declares the cases of one topic; ids are `<topic>/<slug>`. */
export function defineTopic(
  topic: string,
  cases: ReadonlyArray<{ slug: string; name: string; requires?: ConformanceCase['requires']; run: ConformanceCase['run'] }>,
): ConformanceCase[] {
  return cases.map(({ slug, ...rest }) => ({ id: `${topic}/${slug}`, topic, ...rest }));
}
