import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { factumConsole } from '@factum/console';
import type { App } from '@factum/core';
import type { RecordedEvent } from '@factum/event-store';

/** Masks every `email` field of an event's data: what the console shows instead of the stored value. */
function maskEmails(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, key === 'email' ? '***' : value]));
}

export async function serveWithConsole(app: App, aggregates: Record<string, object>): Promise<{ server: FastifyInstance; token: string }> {
  const server = Fastify();
  const token = process.env.FACTUM_CONSOLE_TOKEN ?? randomBytes(24).toString('base64url');
  await server.register(factumConsole, {
    prefix: '/factum',
    app, // subscriber status, dead letters, actions; the store is app.store
    aggregates, // { account: BankAccount }: a stream page shows the state as of any version
    allowActions: true, // retry, skip, restart, rebuild: each request must carry the token
    token,
    hideData: ['PasswordChanged'], // only type, stream and times of these events are shown
    redact: (event: RecordedEvent) => ({ data: maskEmails(event.data), metadata: event.metadata }),
  });
  return { server, token };
}
