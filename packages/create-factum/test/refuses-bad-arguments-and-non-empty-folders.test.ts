// Mistakes on the command line exit 2 with a short reason; a folder that is not empty exits 1 and
// is left as it was.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCreateFactum, scratchFolders } from './support/run-create-factum';

const folders = scratchFolders();
afterEach(() => folders.removeAll());

it.each([
  [[], 'Name the folder for the new app'],
  [['my-app', '--bogus'], 'unknown option --bogus'],
  [['my-app', '--store', 'mysql'], "--store must be one of memory, pglite, postgres, not 'mysql'"],
  [['my-app', '--test', 'mocha'], "--test must be one of jest, vitest, not 'mocha'"],
  [['my-app', '--store'], "Option '--store <value>' argument missing"],
  [['my-app', 'other-app'], 'One folder only'],
])('create-factum %j exits 2: %s', (args, reason) => {
  const cwd = folders.make();
  const run = runCreateFactum([...args], cwd);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(reason);
  expect(run.stderr).toContain('--help');
  expect(readdirSync(cwd)).toEqual([]);
});

it('--help shows the options and exits 0', () => {
  const run = runCreateFactum(['--help'], folders.make());
  expect(run.status).toBe(0);
  for (const option of ['--store <memory|pglite|postgres>', '--test <jest|vitest>', '--factum-from <folder>', '--no-install'])
    expect(run.stdout).toContain(option);
});

it('refuses a folder that is not empty, and changes nothing in it', () => {
  const cwd = folders.make();
  mkdirSync(join(cwd, 'my-app'));
  writeFileSync(join(cwd, 'my-app', 'notes.txt'), 'mine');
  const run = runCreateFactum(['my-app', '--no-install'], cwd);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('my-app is not empty (notes.txt)');
  expect(readdirSync(join(cwd, 'my-app'))).toEqual(['notes.txt']);
});

it('writes into an empty folder that exists, such as the current one', () => {
  const cwd = folders.make();
  const run = runCreateFactum(['.', '--no-install'], cwd);
  expect(run.status).toBe(0);
  expect(existsSync(join(cwd, 'package.json'))).toBe(true);
  expect(run.stdout).not.toContain('cd ');
});
