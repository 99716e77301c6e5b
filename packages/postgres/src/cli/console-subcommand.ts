import type { CliIo } from './run-cli';

/** What `factum console` needs of `@factum/console`, which is a separate, optional package. */
interface ConsolePackage {
  runConsoleCommand(argv: readonly string[], io: CliIo): Promise<number>;
}

const CONSOLE_PACKAGE = '@factum/console';

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String((error as Error).message).includes(CONSOLE_PACKAGE);
}

/**
 * `factum console ...`: hands over to `@factum/console`, loaded only now so that the store's CLI
 * does not need it; without it, says how to get it.
 */
export async function runConsoleSubcommand(
  argv: readonly string[],
  io: CliIo,
  load: () => Promise<ConsolePackage> = async () => {
    const loaded = (await import(CONSOLE_PACKAGE)) as Partial<ConsolePackage> & { default?: ConsolePackage };
    // A CommonJS package imported from here may come back with its exports under `default`.
    return typeof loaded.runConsoleCommand === 'function' ? (loaded as ConsolePackage) : loaded.default!;
  },
): Promise<number> {
  let consolePackage: ConsolePackage;
  try {
    consolePackage = await load();
  } catch (error) {
    if (!isMissing(error)) throw error;
    io.err(`The console is a separate package: install it with \`npm install ${CONSOLE_PACKAGE}\`, then run \`npx factum console\` again.\n`);
    return 1;
  }
  return consolePackage.runConsoleCommand(argv, io);
}
