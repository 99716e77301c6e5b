// `npm run bank:serve`: the bank's HTTP API on embedded PGlite (`.data/bank`) or DATABASE_URL.
// `--trace` prints spans and metrics to the console; OTEL_EXPORTER_OTLP_ENDPOINT sends them over OTLP.
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { startPostgresBank } from './bank-app';
import { createBankServer } from './http/create-bank-server';
import { registerTelemetry, telemetryOptionsFrom } from './telemetry/register-telemetry';

async function main(): Promise<void> {
  const telemetry = registerTelemetry(telemetryOptionsFrom(process.argv.slice(2), process.env, 'factum-bank'));
  if (!process.env.DATABASE_URL) mkdirSync('.data', { recursive: true });
  // One logger for the server and Factum: subscriber failures show in the same log as requests.
  const logger = pino();
  // With NATS_URL, transfer outcomes are also published to JetStream (bank.transfers.*).
  const nats = process.env.NATS_URL ? { servers: process.env.NATS_URL } : undefined;
  const bank = await startPostgresBank(process.env.DATABASE_URL ?? { pglite: '.data/bank' }, { logger, nats });
  // The console at /factum is read-only unless FACTUM_CONSOLE_TOKEN is set (then actions need that token).
  const token = process.env.FACTUM_CONSOLE_TOKEN;
  const server = createBankServer({ app: bank.app, db: bank.db, logger, console: token ? { allowActions: true, token } : {} });
  const stop = async (): Promise<void> => {
    await server.close();
    // Exported while the app still runs: the subscribers' lag is reported only by a running app.
    await telemetry?.flush();
    await bank.close();
    await telemetry?.shutdown();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await server.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
  logger.info(`the Factum Console: ${address}/factum/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
