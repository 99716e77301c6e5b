// `npm start`: the notifications service, beside a bank started with NATS_URL (`npm run bank:serve`).
// Its events live in its own store: PGlite in `.data/notifications`, or DATABASE_URL (schema `notifications`).
import { createPostgresStores } from '@factum/postgres';
import { mkdirSync } from 'node:fs';
import { TransferNoticeSent } from './notice-messages';
import { startNotifications } from './notifications-service';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) mkdirSync('.data', { recursive: true });
  const pg = createPostgresStores(process.env.DATABASE_URL ?? { pglite: '.data/notifications' }, { schema: 'notifications' });
  await pg.migrate();
  const service = await startNotifications(pg.events, { servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  service.app.events$.subscribe((event) => {
    if (event.type === TransferNoticeSent.type) console.log((event.data as { text: string }).text);
  });
  console.log("notifications: waiting for the bank's transfers (Ctrl-C to stop)");
  const stop = async (): Promise<void> => {
    await service.stop();
    await pg.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
