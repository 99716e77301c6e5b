import type { CliCommand } from '../cli-command';
import { CliUsageError } from '../cli-errors';
import { runConsoleSubcommand } from '../console-subcommand';

/** `factum console`: the Factum Console, from the optional `@factum/console` package, which parses its own options. */
export const consoleCommand: CliCommand = {
  name: 'console',
  summary: 'the Factum Console in a browser (needs @factum/console; factum console --help)',
  usage: ['console'],
  run() {
    return Promise.reject(new CliUsageError('factum console takes its own options: factum console --help'));
  },
  passThrough: (argv, io) => runConsoleSubcommand(argv, io),
};
