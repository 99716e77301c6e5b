import { parseArgs } from 'node:util';
import { startConsoleServer, type ConsoleServer } from './start-console-server';

export const CONSOLE_USAGE = `Usage: factum console [options]

Serves the Factum Console (the event log, traces, subscribers) for a store's database.

Options:
  --database-url URL   PostgreSQL connection string (default: the DATABASE_URL variable)
  --pglite DIR         use the embedded database (PGlite) in DIR instead of a server
  --schema NAME        the store's Postgres schema (default: factum)
  --host HOST          the address to listen on (default: 127.0.0.1, this machine only)
  --port PORT          the port (default: 4000; 0 picks a free one)
  --allow-actions      allow retry, skip, restart and rebuild (each needs the token)
  --token TOKEN        the action token (default: a new random one, printed at start)
  --hide-data TYPE     never show the data of events of this type (repeatable)
  -h, --help           show this help
`;

export interface ConsoleCommandIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the console should stop (by default on SIGINT or SIGTERM). */
  untilStopped?: (server: ConsoleServer) => Promise<void>;
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** `factum console`: returns the exit code once the console has stopped (or failed to start). */
export async function runConsoleCommand(argv: readonly string[], io: ConsoleCommandIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        'database-url': { type: 'string' },
        url: { type: 'string' },
        pglite: { type: 'string' },
        schema: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'allow-actions': { type: 'boolean', default: false },
        token: { type: 'string' },
        'hide-data': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${CONSOLE_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(CONSOLE_USAGE);
    return 0;
  }
  const url = values['database-url'] ?? values.url ?? io.env.DATABASE_URL;
  if (values.pglite !== undefined && (values['database-url'] ?? values.url) !== undefined) {
    io.err('Give either --database-url or --pglite, not both.\n');
    return 2;
  }
  if (values.pglite === undefined && !url) {
    io.err('No database: set DATABASE_URL (or pass --database-url), or use --pglite DIR for an embedded database.\n');
    return 2;
  }
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.err(`--port must be a whole number from 0 to 65535, got '${values.port}'.\n`);
    return 2;
  }
  if (values.token !== undefined && !values['allow-actions']) {
    io.err('--token is only used with --allow-actions (the console is read-only without it).\n');
    return 2;
  }
  let server: ConsoleServer;
  try {
    server = await startConsoleServer({
      database: values.pglite !== undefined ? { pglite: values.pglite } : url!,
      ...(values.schema ? { schema: values.schema } : {}),
      host: values.host ?? '127.0.0.1',
      port,
      allowActions: values['allow-actions'],
      ...(values.token !== undefined ? { token: values.token } : {}),
      ...(values['hide-data'] ? { hideData: values['hide-data'] } : {}),
    });
  } catch (error) {
    io.err(`The console could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.out(`Factum Console: ${server.url}\n`);
  io.out(server.token !== null ? `Actions allowed; token: ${server.token}\n` : 'Read-only (start with --allow-actions to retry, skip, restart or rebuild).\n');
  await (io.untilStopped ?? stopSignal)(server);
  await server.close();
  return 0;
}
