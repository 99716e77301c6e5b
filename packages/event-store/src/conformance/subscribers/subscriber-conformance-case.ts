import type { SubscriberLocks } from '../../contract/subscriber-lock';
import type { SubscriberStore } from '../../contract/subscriber-store';

/**
 * What one subscriber-store conformance case runs against. The factory must return a fresh,
 * empty backend for every case (a new in-memory store, a new Postgres schema...).
 */
export interface SubscriberConformanceFixture {
  /** Checkpoints, process state and dead letters, with their units of work. */
  subscribers: SubscriberStore;
  /**
   * Opens the subscriber locks of one process on this backend; each call stands for another
   * process sharing it. When given, the `subscriber-locks` cases run. Locks opened by a case are
   * closed after it.
   */
  openLocks?: () => SubscriberLocks | Promise<SubscriberLocks>;
  /** Tears the fixture down after its case (end pools, drop the schema). */
  close?(): Promise<void>;
}

export type SubscriberConformanceFactory = () => SubscriberConformanceFixture | Promise<SubscriberConformanceFixture>;

export interface SubscriberConformanceOptions {
  /** Topics (`'subscriber-locks'`) or case ids to leave out. */
  skip?: readonly string[];
  /** The test timeout of each case under Jest. Default 30,000 ms. */
  caseTimeoutMs?: number;
}

/** What a case receives. */
export interface SubscriberConformanceContext {
  subscribers: SubscriberStore;
  /** Opens the locks of one more process (closed after the case). */
  openLocks(): Promise<SubscriberLocks>;
}

/** One promise of the subscriber contracts as an executable check; it throws (an `AssertionError`) when broken. */
export interface SubscriberConformanceCase {
  /** Stable, e.g. `'process-states/save-replaces'`; starts with the topic. */
  id: string;
  topic: string;
  name: string;
  requires?: 'locks';
  run(context: SubscriberConformanceContext): Promise<void>;
}

export function defineSubscriberTopic(
  topic: string,
  cases: ReadonlyArray<{ slug: string; name: string; requires?: SubscriberConformanceCase['requires']; run: SubscriberConformanceCase['run'] }>,
): SubscriberConformanceCase[] {
  return cases.map(({ slug, ...rest }) => ({ id: `${topic}/${slug}`, topic, ...rest }));
}
