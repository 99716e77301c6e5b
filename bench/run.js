#!/usr/bin/env node
// `npm run bench` lands here. The bench is its own npm package (not a workspace), so that normal
// installs of Factum stay lean: this launcher installs the bench's dependencies when they are
// missing, builds Factum (tsc -b, a no-op when nothing changed) and the bench, then runs it with
// the arguments given after `--`. Everything but the report goes to stderr, so that with --json
// the last line of stdout is the JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(benchDir, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(what, command, args, cwd) {
  process.stderr.write(`bench: ${what}\n`);
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  return result.status === 0;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(rootDir, 'node_modules', 'typescript'))) {
  fail('the repository is not installed: run `npm ci` at the repository root first');
}
if (!existsSync(join(benchDir, 'node_modules', '.package-lock.json'))) {
  if (!step('installing the bench dependencies (once)', npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], benchDir)) {
    fail('could not install the bench dependencies (npm ci in bench/)');
  }
}
const tsc = join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc');
if (!step('building Factum', process.execPath, [tsc, '-b'], rootDir)) {
  const built = ['event-store', 'postgres', 'core'].every((p) => existsSync(join(rootDir, 'packages', p, 'dist', 'index.js')));
  if (!built) fail('Factum does not build; fix the build (npm run build) and run the bench again');
  process.stderr.write('bench: the build reported errors; measuring the last successful build\n');
}
if (!step('building the bench', process.execPath, [tsc, '-p', join(benchDir, 'tsconfig.json')], benchDir)) {
  fail('the bench itself does not compile');
}

const { main } = await import(pathToFileURL(join(benchDir, 'dist', 'main.js')).href);
process.exitCode = await main(process.argv.slice(2));
