import type { SubscriberRunner } from './subscriber-runner';

/** What decides whether a partition runner of this process may take a lease now. */
export interface PartitionGate {
  /** Whether `runner` may ask for its lease without taking more than this process's share. */
  mayAcquire(runner: SubscriberRunner): boolean;
}
