import type { SubscriberRunner } from './subscriber-runner';

/** What decides whether a partition runner of this process may take a lease now. */
export interface PartitionGate {
  /** Whether `runner` may ask for its lease without taking more than this process's share. */
  mayAcquire(runner: SubscriberRunner): boolean;
  /** `runner` asked for its lease and another process holds it: its place in the share is free again. */
  notAcquired(runner: SubscriberRunner): void;
}
