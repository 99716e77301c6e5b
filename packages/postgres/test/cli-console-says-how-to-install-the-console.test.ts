// `factum console` belongs to @factum/console: without it, the store's CLI says how to get it.
import { runConsoleSubcommand } from '../src/cli/console-subcommand';
import { runCli } from '../src/cli/run-cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { env: {}, out: (text: string) => out.push(text), err: (text: string) => err.push(text) } };
}

it('tells the user to install @factum/console when it is missing', async () => {
  const run = io();
  const missing = Object.assign(new Error("Cannot find module '@factum/console'"), { code: 'MODULE_NOT_FOUND' });
  expect(await runConsoleSubcommand(['--port', '0'], run.io, () => Promise.reject(missing))).toBe(1);
  expect(run.err.join('')).toContain('npm install @factum/console');
});

it('hands the arguments over to @factum/console when it is there', async () => {
  const run = io();
  const seen: unknown[] = [];
  const code = await runConsoleSubcommand(['--port', '0'], run.io, async () => ({
    runConsoleCommand: async (argv) => {
      seen.push(argv);
      return 7;
    },
  }));
  expect(code).toBe(7);
  expect(seen).toEqual([['--port', '0']]);
});

it('rethrows any other failure to load it', async () => {
  await expect(runConsoleSubcommand([], io().io, () => Promise.reject(new Error('disk on fire')))).rejects.toThrow('disk on fire');
});

it('is listed in the help, and `factum console --help` reaches the console', async () => {
  const help = io();
  expect(await runCli(['--help'], help.io)).toBe(0);
  expect(help.out.join('')).toMatch(/console\s+the Factum Console/);
  const consoleHelp = io();
  expect(await runCli(['console', '--help'], consoleHelp.io)).toBe(0);
  expect(consoleHelp.out.join('')).toContain('Usage: factum console');
});
