import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';

/** The NATS server with JetStream the tests run against (shared with other test runs). */
export const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';

export function natsTarget(): { host: string; port: number } {
  const [host, port] = NATS_URL.replace(/^nats:\/\//, '').split(':');
  return { host: host!, port: Number(port ?? 4222) };
}

/** A name no other test run uses: streams, subjects and consumers are created per test and deleted after. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function connectNats(servers = NATS_URL): Promise<NatsConnection> {
  return connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
}

/** Deletes the streams this test created (and with them their consumers). */
export async function deleteStreams(connection: NatsConnection, names: readonly string[]): Promise<void> {
  const manager = await jetstreamManager(connection);
  for (const name of names) await manager.streams.delete(name).catch(() => false);
}
