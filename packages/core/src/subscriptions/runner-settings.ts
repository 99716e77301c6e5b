import { defaultProcessName } from './operations/process-name';

/** How subscribers run; the defaults suit most apps. */
export interface SubscriptionSettings {
  /** Events per read while catching up, and the most per unit of work. Default 500. */
  batchSize?: number;
  /** How often a standby process tries to take a subscriber over. Default 1,000 ms. */
  takeoverIntervalMs?: number;
  /** Non-transactional subscribers write their checkpoint after this many events... Default 100. */
  checkpointEvery?: number;
  /** ...or this long after the first unwritten one, whichever comes first. Default 200 ms. */
  checkpointIntervalMs?: number;
  /** A live subscriber with more events than this waiting goes back to reading in batches. Default 4 × batchSize. */
  liveBufferLimit?: number;
  /** First delay before a runner starts over after a store failure; doubles up to 30 s. Default 500 ms. */
  restartDelayMs?: number;
  /** This process's name in subscriber reports and operation records. Default `host:pid:tag`. */
  processName?: string;
  /** How often the process looks for operation requests (retry, skip, rebuild) on the subscribers it runs. Default 250 ms. */
  operationsPollMs?: number;
  /** How often it reports each subscriber it runs (state, owner, events/s) for status readers elsewhere. Default 1,000 ms. */
  reportIntervalMs?: number;
  /** How long a requested operation may wait for the process that runs the subscriber to take it. Default 10,000 ms. */
  operationTimeoutMs?: number;
  /** How long a partition handed over to another process may take to finish its batch in flight. Default 10,000 ms. */
  drainTimeoutMs?: number;
}

export type ResolvedSubscriptionSettings = Required<SubscriptionSettings>;

export function resolveSettings(settings: SubscriptionSettings = {}): ResolvedSubscriptionSettings {
  const batchSize = settings.batchSize ?? 500;
  return {
    batchSize,
    takeoverIntervalMs: settings.takeoverIntervalMs ?? 1_000,
    checkpointEvery: settings.checkpointEvery ?? 100,
    checkpointIntervalMs: settings.checkpointIntervalMs ?? 200,
    liveBufferLimit: settings.liveBufferLimit ?? batchSize * 4,
    restartDelayMs: settings.restartDelayMs ?? 500,
    processName: settings.processName ?? defaultProcessName(),
    operationsPollMs: settings.operationsPollMs ?? 250,
    reportIntervalMs: settings.reportIntervalMs ?? 1_000,
    operationTimeoutMs: settings.operationTimeoutMs ?? 10_000,
    drainTimeoutMs: settings.drainTimeoutMs ?? 10_000,
  };
}
