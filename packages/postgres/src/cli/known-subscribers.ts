import { UnknownSubscriberError } from '@factum/event-store';
import type { PostgresSubscriberStore } from '../subscriptions/postgres-subscriber-store';

/** Checks that the store knows `name` (a checkpoint, a report or a dead letter of it, or of its partitions); returns its last report's kind. */
export async function requireSubscriber(subscribers: PostgresSubscriberStore, name: string): Promise<{ kind: string | null }> {
  const [checkpoints, reports, letters] = await Promise.all([subscribers.checkpoints.list(), subscribers.operations.reports(), subscribers.deadLetters.list()]);
  const report = reports.find((candidate) => candidate.subscriber === name);
  if (report) return { kind: report.kind };
  if (checkpoints.some((checkpoint) => checkpoint.name === name) || letters.some((letter) => letter.subscriber === name)) return { kind: null };
  // A partitioned subscriber is known by its partitions (`<name>#<index>`).
  const partition = reports.find((candidate) => candidate.subscriber.startsWith(`${name}#`));
  if (partition) return { kind: partition.kind };
  if (checkpoints.some((checkpoint) => checkpoint.name.startsWith(`${name}#`))) return { kind: null };
  const known = new Set([...checkpoints.map((c) => c.name), ...reports.map((r) => r.subscriber), ...letters.map((l) => l.subscriber)]);
  throw new UnknownSubscriberError(name, [...known].filter((candidate) => !candidate.startsWith('$')).sort());
}
