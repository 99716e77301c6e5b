import { parseArgs } from 'node:util';
import { isFactumError } from '@factum/event-store';
import type { CliCommand, CliOptions } from './cli-command';
import { CliContext, connectionOf, type CliIo } from './cli-context';
import { CliUsageError } from './cli-errors';
import { commands as builtIn } from './commands';

export type { CliIo } from './cli-context';

/** Every command's connection options. */
const CONNECTION: CliOptions = {
  'database-url': { type: 'string' },
  url: { type: 'string' },
  pglite: { type: 'string' },
  schema: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export function usage(commands: readonly CliCommand[] = builtIn): string {
  const lines = commands.flatMap((command) => command.usage.map((line, index) => `  ${line}${index === 0 ? `\n      ${command.summary}` : ''}`));
  return `Usage: factum <command> [options]

Commands:
${lines.join('\n')}

Connection (every command):
  --database-url URL   PostgreSQL connection string (default: the DATABASE_URL variable; --url is an alias)
  --pglite DIR         the embedded database (PGlite) in DIR; the folder must exist
  --schema NAME        the store's Postgres schema (default: factum)
  --json               print JSON instead of text
  -h, --help           show this help
`;
}

/** The `factum` command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = builtIn): Promise<number> {
  const help = usage(commands);
  let context: CliContext | undefined;
  let name: string | undefined;
  try {
    const passing = commands.find((candidate) => candidate.name === argv[0] && candidate.passThrough);
    if (passing) return await passing.passThrough!(argv.slice(1), io);
    // First pass: find the command among options of any command; second: parse strictly for it.
    const every = Object.assign({}, CONNECTION, ...commands.map((command) => command.options ?? {})) as CliOptions;
    const first = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: every });
    name = first.positionals[0];
    if (first.values.help === true || name === undefined) {
      (first.values.help === true ? io.out : io.err)(help);
      return first.values.help === true ? 0 : 2;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw new CliUsageError(`Unknown command '${name}'.`);
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...CONNECTION, ...command.options } });
    const connection = connectionOf(values, io.env);
    context = new CliContext(io, positionals.slice(1), values, connection, command.name === 'migrate');
    return await command.run(context);
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${help}`);
      return 2;
    }
    io.err(`factum ${name ?? ''} failed: ${isFactumError(error) ? `${error.message} [${error.code}]` : ((error as Error).message ?? String(error))}\n`);
    return 1;
  } finally {
    await context?.close();
  }
}
