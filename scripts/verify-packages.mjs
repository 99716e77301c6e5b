#!/usr/bin/env node
// `npm run verify:packages`: Factum as a stranger gets it. Packs every package, makes scratch
// projects in a temporary folder outside the repository, installs the tarballs there and checks
// that the getting-started guide compiles with its own tsconfig.json (TypeScript 5.9 and the
// latest), runs and prints what the guide says, that the integration guide compiles against
// @factum/nats, that its tests run under Jest (ts-jest's default
// preset) and Vitest, that `npx factum migrate` and `npx factum status` work against PostgreSQL
// (DATABASE_URL), that `npx factum console` loads @factum/console once it is installed and serves
// its pages, and that
// a project made by the scaffolder, for every --store × --test, installs, passes its own tests
// and runs (`npm start`).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packAll } from './pack-all.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const EXPECTED = "{ spent: 1950, unshipped: 0, status: 'shipped' }";

/**
 * Run in the scratch project (argument: the schema): starts `factum console` from its
 * node_modules/.bin on a free port, waits for the address it prints, fetches the log and the
 * subscribers pages, prints each as `<page> <status> <title>`, and stops the console.
 */
const SERVE_CONSOLE_AND_FETCH = `
import { spawn } from 'node:child_process';
const child = spawn('node_modules/.bin/factum', ['console', '--schema', process.argv[1], '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const timer = setTimeout(() => { console.log('no address printed in 30 s'); child.kill('SIGKILL'); process.exit(1); }, 30000);
let out = '';
child.stdout.on('data', async (chunk) => {
  out += chunk;
  const address = /Factum Console: (http:\\S+?)\\/?\\s/.exec(out)?.[1];
  if (!address || child.killed) return;
  child.stdout.removeAllListeners('data');
  try {
    for (const [page, path] of [['log', '/'], ['subscribers', '/subscribers']]) {
      const response = await fetch(address + path, { headers: { accept: 'text/html' } });
      const title = /<title>([^<]*)<\\/title>/.exec(await response.text())?.[1] ?? '';
      console.log(page + ' ' + response.status + ' ' + title);
    }
  } finally {
    clearTimeout(timer);
    child.kill('SIGTERM');
  }
});
child.on('exit', (code, signal) => { if (!child.killed) { console.log('the console exited: ' + (code ?? signal) + ' ' + out); process.exit(1); } });
`;

let passed = 0;
let failed = 0;
const keep = process.argv.includes('--keep');

function log(text) {
  process.stdout.write(`${text}\n`);
}

/** Runs a command; returns its output, or throws with the output when it fails. */
function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0)
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}) in ${cwd}:\n${output.slice(-4000)}`);
  return output;
}

function check(name, body) {
  const started = Date.now();
  try {
    body();
    passed++;
    log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    log(`FAIL ${name}\n${String(error instanceof Error ? error.message : error).replace(/^/gm, '     ')}`);
  }
}

/** The tsconfig.json the getting-started guide tells users to write, read from the guide itself. */
function guideTsconfig() {
  const guide = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
  const block = /A `tsconfig.json` that works[^`]*```json\n([\s\S]*?)```/.exec(guide);
  if (!block) throw new Error('docs/getting-started.md has no tsconfig.json block after "A `tsconfig.json` that works"');
  return block[1];
}

/** The command the guide runs its app with, and the line it says it prints. */
function guideRunCommand() {
  const guide = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
  const block = /```sh\n(npx tsc && node -e .*)\n# (.*)\n```/.exec(guide);
  if (!block) throw new Error('docs/getting-started.md has no "npx tsc && node -e ..." block');
  if (block[2] !== EXPECTED) throw new Error(`the guide promises ${block[2]}, this check expects ${EXPECTED}`);
  return block[1].replace(/^npx tsc && /, '');
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A project with the guide's files: src/ from docs/snippets/getting-started, test/ from docs/snippets/testing. */
function guideProject(dir, tarballs, typescript) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  writeJson(join(dir, 'package.json'), { name: 'shop', version: '1.0.0', private: true });
  writeFileSync(join(dir, 'tsconfig.json'), guideTsconfig());
  for (const file of readdirSync(join(root, 'docs', 'snippets', 'getting-started'))) {
    cpSync(join(root, 'docs', 'snippets', 'getting-started', file), join(dir, 'src', file));
  }
  // The guide's next step, PostgreSQL: its types (pg, PGlite) must compile for a consumer too.
  writeFileSync(
    join(dir, 'src', 'postgres-stores.ts'),
    [
      "import { createPostgresStores, PgliteSqlClient, PgSqlClient, type PostgresStores } from '@factum/postgres';",
      'export const onServer = (url: string): PostgresStores => createPostgresStores(url);',
      "export const embedded = (): PostgresStores => createPostgresStores({ pglite: 'memory://' });",
      'export type Clients = PgliteSqlClient | PgSqlClient;',
      '',
    ].join('\n'),
  );
  for (const file of ['order.test.ts', 'customer-totals.test.ts', 'shipping.test.ts']) {
    const text = readFileSync(join(root, 'docs', 'snippets', 'testing', file), 'utf8').replaceAll('../getting-started/', '../src/');
    writeFileSync(join(dir, 'test', file), text);
  }
  const factum = ['event-store', 'core', 'postgres', 'testing'].map((name) => tarballs[name]);
  run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...factum, `zod@${versionOf('zod')}`], dir);
  // As the guide says: `npm install --save-dev typescript @types/node` (here with a chosen TypeScript).
  run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', `typescript@${typescript}`, '@types/node'], dir);
}

function compileAndRun(dir) {
  // The guide's tsconfig includes only src/: the tests are compiled by their runners.
  run('npx', ['tsc'], dir);
  const output = run(
    process.execPath,
    [
      '-e',
      guideRunCommand()
        .replace(/^node -e /, '')
        .replace(/^"|"$/g, ''),
    ],
    dir,
  );
  if (output.trim() !== EXPECTED) throw new Error(`the guide's app printed\n${output}\ninstead of ${EXPECTED}`);
}

const work = mkdtempSync(join(tmpdir(), 'factum-verify-'));
log(`verify:packages in ${work}`);
let tarballs;
check('every package packs (prepack builds it) with dist, types, README and LICENSE, and no build info', () => {
  tarballs = packAll(join(work, 'tarballs'));
  for (const [name, file] of Object.entries(tarballs)) {
    const files = execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).split('\n');
    for (const needed of ['package/README.md', 'package/LICENSE', 'package/package.json']) {
      if (!files.includes(needed)) throw new Error(`${name}: ${needed} is missing from the tarball`);
    }
    // The scaffolder's template/ is the product itself: the sources and tests of the projects it makes.
    const stray = files.filter((entry) => /tsbuildinfo|\/src\/|\/test\//.test(entry) && !(name === 'create-factum' && entry.startsWith('package/template/')));
    if (stray.length > 0) throw new Error(`${name}: the tarball holds ${stray.slice(0, 3).join(', ')}`);
    if (name !== 'create-factum' && !files.includes('package/dist/index.d.ts')) throw new Error(`${name}: no dist/index.d.ts`);
  }
});

if (tarballs) {
  const guide = join(work, 'guide');
  check('the getting-started guide installs from the tarballs and compiles with its own tsconfig on TypeScript 5.9', () => {
    guideProject(guide, tarballs, versionOf('typescript'));
    compileAndRun(guide);
  });
  check('the same sources compile under module nodenext and commonjs too', () => {
    run('npx', ['tsc', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext'], guide);
    // zod's own CommonJS declarations need esModuleInterop (tsc --init turns it on): not Factum's to change.
    run('npx', ['tsc', '--noEmit', '--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop'], guide);
  });
  check("its tests run under Jest with ts-jest's default preset", () => {
    run(
      npm,
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--save-dev',
        `jest@${versionOf('jest')}`,
        'ts-jest@29',
        `@types/jest@${versionOf('@types/jest')}`,
      ],
      guide,
    );
    writeJson(join(guide, 'jest.config.json'), { preset: 'ts-jest', testEnvironment: 'node' });
    const output = run('npx', ['jest', '--ci'], guide);
    if (!/Tests:\s+\d+ passed, \d+ total/.test(output)) throw new Error(output);
  });
  check('its tests run under Vitest', () => {
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', 'vitest@latest'], guide);
    const output = run('npx', ['vitest', 'run', '--globals', '--dir', 'test'], guide, { NO_COLOR: '1', FORCE_COLOR: '0' });
    if (!/Tests\s+\d+ passed/.test(output.replace(/\x1b\[[0-9;]*m/g, ''))) throw new Error(output);
  });
  check('`npx factum migrate` and `npx factum status` work against PostgreSQL', () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the CLI check needs a PostgreSQL server');
    const schema = `verify_${Date.now().toString(36)}`;
    try {
      const migrated = run('npx', ['factum', 'migrate', '--schema', schema], guide, { DATABASE_URL: url });
      if (!/applied/.test(migrated)) throw new Error(migrated);
      const status = run('npx', ['factum', 'status', '--schema', schema], guide, { DATABASE_URL: url });
      if (!/schema\s+\S+ \(migration \d+ of \d+\)/.test(status)) throw new Error(status);
    } finally {
      spawnSync('psql', [url, '-qc', `drop schema if exists "${schema}" cascade`], { encoding: 'utf8' });
    }
  });
  check('`npx factum console` says how to get @factum/console, then runs it once installed', () => {
    const missing = spawnSync('npx', ['factum', 'console', '--help'], { cwd: guide, encoding: 'utf8' });
    if (missing.status !== 1 || !/npm install @factum\/console/.test(missing.stderr)) throw new Error(`${missing.stdout}${missing.stderr}`);
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballs['console']], guide);
    const help = run('npx', ['factum', 'console', '--help'], guide);
    if (!/Usage: factum console/.test(help)) throw new Error(help);
    // Then it serves: started on a migrated schema, its log and subscribers pages answer.
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the console check needs a PostgreSQL server');
    const schema = `verify_console_${Date.now().toString(36)}`;
    try {
      run('npx', ['factum', 'migrate', '--schema', schema], guide, { DATABASE_URL: url });
      const served = run(process.execPath, ['--input-type=module', '-e', SERVE_CONSOLE_AND_FETCH, schema], guide, { DATABASE_URL: url });
      if (!/^log 200 .*Factum Console/m.test(served) || !/^subscribers 200 /m.test(served)) throw new Error(served);
    } finally {
      spawnSync('psql', [url, '-qc', `drop schema if exists "${schema}" cascade`], { encoding: 'utf8' });
    }
  });
  check('@factum/nats installs from its tarball beside core, and the integration guide compiles against it', () => {
    const dir = join(work, 'integration');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeJson(join(dir, 'package.json'), { name: 'integration', version: '1.0.0', private: true });
    writeFileSync(join(dir, 'tsconfig.json'), guideTsconfig());
    for (const file of ['integration-publisher.ts', 'integration-consumer.ts', 'integration-custom-broker.ts']) {
      cpSync(join(root, 'docs', 'snippets', file), join(dir, 'src', file));
    }
    const packages = ['event-store', 'core', 'nats'].map((name) => tarballs[name]);
    const peers = ['zod', 'inversify', '@nats-io/transport-node'].map((name) => `${name}@${versionOf(name)}`);
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages, ...peers], dir);
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', `typescript@${versionOf('typescript')}`, '@types/node'], dir);
    run('npx', ['tsc'], dir);
  });
  const latest = join(work, 'guide-latest');
  check('the guide compiles and runs on the latest TypeScript too', () => {
    guideProject(latest, tarballs, 'latest');
    compileAndRun(latest);
  });
  if (tarballs['create-factum']) verifyScaffolder(tarballs['create-factum'], join(work, 'tarballs'));
}

/**
 * Every --store × --test combination, made as a user makes it (`npm exec` of the tarball, which
 * runs npm install), then `npm test` and `npm start`. What is shared to keep it quick: npm's cache
 * (the first install fills it, the others install --prefer-offline) and npm exec's copy of the
 * scaffolder. The pglite + jest project is made with no options: it checks the defaults too.
 */
function verifyScaffolder(scaffolder, tarballsDir) {
  const created = join(work, 'created');
  mkdirSync(created, { recursive: true });
  const offline = { npm_config_prefer_offline: 'true' };
  const printed = (orders) => `{ orders: ${orders}, unshipped: 0, spent: { ada: ${975 * orders} } }`;
  /** The read model the app printed, among npm's own lines. */
  const readModel = (output) => /^\{ orders: .*\}$/m.exec(output)?.[0] ?? output;
  for (const test of ['jest', 'vitest']) {
    for (const store of ['pglite', 'memory', 'postgres']) {
      const options = store === 'pglite' && test === 'jest' ? [] : ['--store', store, '--test', test];
      check(`create-factum ${options.join(' ') || '(defaults: --store pglite --test jest)'}: installs from the tarballs, npm test and npm start pass`, () => {
        const name = `${store}-${test}`;
        const app = join(created, name);
        const made = run(
          npm,
          ['exec', '--yes', `--package=${scaffolder}`, '--', 'create-factum', name, ...options, '--factum-from', tarballsDir],
          created,
          offline,
        );
        if (!existsSync(join(app, 'node_modules', '@factum', 'core')) || !/Next:/.test(made))
          throw new Error(`the scaffolder did not install ${name}:\n${made}`);

        const tested = run(npm, ['test'], app, { NO_COLOR: '1', FORCE_COLOR: '0' }).replace(/\x1b\[[0-9;]*m/g, '');
        if (!(test === 'jest' ? /Tests:\s+5 passed, 5 total/ : /Tests\s+5 passed \(5\)/).test(tested)) throw new Error(`npm test:\n${tested}`);

        let env = {};
        let schema;
        if (store === 'postgres') {
          const url = process.env.DATABASE_URL;
          if (!url) throw new Error('DATABASE_URL is not set: the --store postgres project needs a PostgreSQL server');
          schema = `verify_app_${Date.now().toString(36)}`;
          env = { DATABASE_URL: url, FACTUM_SCHEMA: schema };
        }
        try {
          const started = readModel(run(npm, ['start'], app, env));
          if (started !== printed(2)) throw new Error(`npm start printed ${started}, expected ${printed(2)}`);
          if (store !== 'memory' && test === 'jest') {
            // A store that keeps its events: a second run adds to the first.
            const again = readModel(run(process.execPath, ['dist/main.js'], app, env));
            if (again !== printed(4)) throw new Error(`the second run printed ${again}, expected ${printed(4)}`);
          }
        } finally {
          if (schema) spawnSync('psql', [process.env.DATABASE_URL, '-qc', `drop schema if exists "${schema}" cascade`], { encoding: 'utf8' });
        }

        if (store === 'postgres' && test === 'jest') {
          // Without DATABASE_URL the app says what is missing, not a connection error.
          const { DATABASE_URL: _unset, ...withoutUrl } = process.env;
          const result = spawnSync(process.execPath, ['dist/main.js'], { cwd: app, env: withoutUrl, encoding: 'utf8' });
          if (result.status !== 1 || !/DATABASE_URL is not set/.test(result.stderr)) {
            throw new Error(`without DATABASE_URL: exit ${result.status}, ${result.stdout}${result.stderr}`);
          }
        }
        // Each project is done with: its node_modules need not wait for the end of the run.
        if (!keep) rmSync(app, { recursive: true, force: true });
      });
    }
  }
}

if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
log(`verify:packages: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
