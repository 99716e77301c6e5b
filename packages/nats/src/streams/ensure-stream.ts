import { JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, jetstreamManager, type StreamInfo } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { NatsConfigurationError } from '../errors/nats-configuration-error';
import { StreamMismatchError } from '../errors/stream-mismatch-error';
import { DEFAULT_DUPLICATE_WINDOW_MS, type StreamSettings } from './stream-settings';

const RETENTION = { limits: RetentionPolicy.Limits, interest: RetentionPolicy.Interest, workqueue: RetentionPolicy.Workqueue } as const;
const STORAGE = { file: StorageType.File, memory: StorageType.Memory } as const;

/**
 * Creates the stream when it does not exist; otherwise checks that it stores every subject asked
 * for with the retention asked for and at least the duplicate window asked for, and throws
 * `StreamMismatchError` naming each difference. It never changes an existing stream.
 */
export async function ensureStream(connection: NatsConnection, settings: StreamSettings): Promise<StreamInfo> {
  checkSettings(settings);
  const retention = settings.retention ?? 'limits';
  const windowMs = settings.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  const manager = await jetstreamManager(connection);
  let info: StreamInfo;
  try {
    info = await manager.streams.info(settings.name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.StreamNotFound) throw error;
    return manager.streams.add({
      name: settings.name,
      subjects: [...settings.subjects],
      retention: RETENTION[retention],
      storage: STORAGE[settings.storage ?? 'file'],
      duplicate_window: nanos(windowMs),
    });
  }
  const differences: string[] = [];
  const has = new Set(info.config.subjects ?? []);
  const missing = settings.subjects.filter((subject) => !has.has(subject));
  if (missing.length > 0) differences.push(`it does not list the subjects ${missing.join(', ')} (it has ${[...has].join(', ') || 'none'})`);
  if (info.config.retention !== RETENTION[retention]) differences.push(`its retention is '${info.config.retention}', not '${retention}'`);
  const hasWindowMs = Number(info.config.duplicate_window ?? 0) / 1e6;
  if (hasWindowMs < windowMs) differences.push(`its duplicate window is ${hasWindowMs} ms, shorter than the ${windowMs} ms asked for`);
  if (differences.length > 0) throw new StreamMismatchError(settings.name, differences);
  return info;
}

function checkSettings(settings: StreamSettings): void {
  if (typeof settings?.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(settings.name)) {
    throw new NatsConfigurationError(`The stream name ${JSON.stringify(settings?.name)} is not valid: use letters, digits, '-' and '_'.`);
  }
  if (!Array.isArray(settings.subjects) || settings.subjects.length === 0 || settings.subjects.some((subject) => !isSubject(subject))) {
    throw new NatsConfigurationError(`Stream '${settings.name}' needs subjects: a non-empty list of subjects such as 'bank.transfers.>'.`);
  }
  if (settings.retention !== undefined && !(settings.retention in RETENTION)) {
    throw new NatsConfigurationError(`Stream '${settings.name}' has retention ${JSON.stringify(settings.retention)}; use 'limits', 'interest' or 'workqueue'.`);
  }
  if (settings.storage !== undefined && !(settings.storage in STORAGE)) {
    throw new NatsConfigurationError(`Stream '${settings.name}' has storage ${JSON.stringify(settings.storage)}; use 'file' or 'memory'.`);
  }
  const windowMs = settings.duplicateWindowMs;
  if (windowMs !== undefined && (!Number.isInteger(windowMs) || windowMs < 1)) {
    throw new NatsConfigurationError(`Stream '${settings.name}' has duplicateWindowMs ${String(windowMs)}; use a whole number of milliseconds of at least 1.`);
  }
}

/** A subject: dot-separated tokens without spaces; `*` and a final `>` are wildcards. */
export function isSubject(subject: unknown): subject is string {
  return typeof subject === 'string' && /^[^\s.]+(\.[^\s.]+)*$/.test(subject);
}
