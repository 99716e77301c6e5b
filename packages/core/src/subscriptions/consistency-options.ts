import type { ConsistencyTarget } from './subscription-runtime';

/** How read-your-writes a dispatch is (part of `DispatchOptions`). */
export interface ConsistencyOptions {
  /**
   * `'eventual'` (default): resolve once the events are stored. `'strong'`: also wait until every
   * strongly consistent subscriber that reads them has handled them (projectors are, by default).
   * A list of subscriber names: wait for those.
   */
  consistency?: 'eventual' | ConsistencyTarget;
  /**
   * How long a strongly consistent dispatch waits (default: the app's, 5,000 ms); then it rejects
   * with `ConsistencyTimeoutError`, and the events are stored all the same.
   */
  timeoutMs?: number;
}
