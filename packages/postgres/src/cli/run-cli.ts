import { parseArgs } from 'node:util';
import { createSqlClient } from '../client/create-sql-client';
import type { SqlClient } from '../client/sql-client';
import { isFactumError } from '@factum/event-store';
import { runMigrations } from '../migrations/run-migrations';
import { storeSchema } from '../schema/store-schema';
import { readStoreStatus } from '../status/store-status';
import { formatStatus } from './format-status';
import { runConsoleSubcommand } from './console-subcommand';

export const USAGE = `Usage: factum <command> [options]

Commands:
  migrate         create or update the event store's tables (safe to repeat)
  status          head position, held-back events and who holds them, checkpoints with lag
  console         the Factum Console in a browser (needs @factum/console; factum console --help)

Options:
  --url URL       PostgreSQL connection string (default: the DATABASE_URL variable)
  --pglite DIR    use the embedded database (PGlite) in DIR instead of a server
  --schema NAME   the store's Postgres schema (default: factum)
  --json          print JSON instead of text
  -h, --help      show this help
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

/** The `factum` command; returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'console') return runConsoleSubcommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        pglite: { type: 'string' },
        schema: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if ((command !== 'migrate' && command !== 'status') || positionals.length > 1) {
    io.err(`Unknown command '${positionals.join(' ')}'.\n\n${USAGE}`);
    return 2;
  }
  const url = values.url ?? io.env.DATABASE_URL;
  if (values.pglite !== undefined && values.url !== undefined) {
    io.err('Give either --url or --pglite, not both.\n');
    return 2;
  }
  if (values.pglite === undefined && !url) {
    io.err('No database: set DATABASE_URL (or pass --url), or use --pglite DIR for an embedded database.\n');
    return 2;
  }

  let client: SqlClient | undefined;
  try {
    const schema = storeSchema(values.schema);
    client = createSqlClient(values.pglite !== undefined ? { pglite: values.pglite } : url!);
    if (command === 'migrate') {
      const result = await runMigrations(client, schema);
      if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.applied.length === 0) io.out(`Schema '${result.schema}' is up to date (version ${result.version}).\n`);
      else {
        for (const step of result.applied) io.out(`applied ${step.version}: ${step.name}\n`);
        io.out(`Schema '${result.schema}' is at version ${result.version}.\n`);
      }
      return 0;
    }
    const status = await readStoreStatus(client, schema);
    io.out(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, new Date()));
    return status.schemaVersion < status.latestSchemaVersion ? 1 : 0;
  } catch (error) {
    io.err(`factum ${command} failed: ${isFactumError(error) ? error.message : ((error as Error).message ?? String(error))}\n`);
    return 1;
  } finally {
    await client?.close().catch(() => undefined);
  }
}
