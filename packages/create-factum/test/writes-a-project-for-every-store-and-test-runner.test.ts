// Every --store × --test combination writes a complete project (without installing it: the
// installed project is built, tested and run by `npm run verify:packages`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCreateFactum, scratchFolders } from './support/run-create-factum';

const folders = scratchFolders();
afterEach(() => folders.removeAll());

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const readJson = (dir: string, file: string): Record<string, Record<string, string>> => JSON.parse(read(dir, file));

const SOURCES = [
  'src/messages.ts',
  'src/order.aggregate.ts',
  'src/order-summary.projector.ts',
  'src/shipping.process-manager.ts',
  'src/store.ts',
  'src/app.ts',
  'src/main.ts',
];
const TESTS = ['test/order.test.ts', 'test/app.test.ts'];

/** The tsconfig.json of docs/getting-started.md: a new project compiles the way the guide says. */
function guideTsconfig(): unknown {
  const guide = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'getting-started.md'), 'utf8');
  const block = /A `tsconfig.json` that works[^`]*```json\n([\s\S]*?)```/.exec(guide);
  if (!block) throw new Error('docs/getting-started.md has no tsconfig.json block');
  return JSON.parse(block[1]);
}

describe.each([
  ['memory', 'jest'],
  ['memory', 'vitest'],
  ['pglite', 'jest'],
  ['pglite', 'vitest'],
  ['postgres', 'jest'],
  ['postgres', 'vitest'],
] as const)('create-factum my-app --store %s --test %s', (store, test) => {
  // One project for the tests of this combination (the top-level folders go after each test).
  const project = scratchFolders();
  let app: string;
  let run: ReturnType<typeof runCreateFactum>;

  beforeAll(() => {
    const cwd = project.make();
    run = runCreateFactum(['my-app', '--store', store, '--test', test, '--no-install'], cwd);
    app = join(cwd, 'my-app');
  });
  afterAll(() => project.removeAll());

  it('exits 0 and says what to run next', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('cd my-app');
    expect(run.stdout).toContain('npm install'); // --no-install: the user installs
    expect(run.stdout).toContain(store === 'postgres' ? 'DATABASE_URL=' : 'npm start');
  });

  it('writes the sources, the tests, a README, a .gitignore and the guide’s tsconfig.json', () => {
    for (const file of [...SOURCES, ...TESTS, 'README.md', '.gitignore', 'package.json', 'tsconfig.json']) expect(existsSync(join(app, file))).toBe(true);
    expect(JSON.parse(read(app, 'tsconfig.json'))).toEqual(guideTsconfig());
    expect(read(app, '.gitignore')).toMatch(/^node_modules\/$/m);
    expect(read(app, 'README.md')).toMatch(/^# my-app$/m);
  });

  it('has build, start and test scripts, and the dependencies its store and test runner need', () => {
    const manifest = readJson(app, 'package.json');
    expect(manifest.name).toBe('my-app');
    expect(manifest.scripts).toEqual({ build: 'tsc', start: 'npm run build && node dist/main.js', test: test === 'jest' ? 'jest' : 'vitest run' });
    const postgres = store === 'memory' ? {} : { '@factum/postgres': '^0.1.0' };
    expect(manifest.dependencies).toEqual({ '@factum/core': '^0.1.0', '@factum/event-store': '^0.1.0', ...postgres, zod: '4.6.7' });
    const runner = test === 'jest' ? { jest: '30.5.2', 'ts-jest': '29.4.15', '@types/jest': '30.0.0' } : { vitest: '4.1.12' };
    expect(manifest.devDependencies).toEqual({ '@factum/testing': '^0.1.0', typescript: '5.9.3', '@types/node': '^20.19.0', ...runner });
  });

  it('opens the chosen store', () => {
    const source = read(app, 'src/store.ts');
    if (store === 'memory') expect(source).toContain('new InMemoryEventStore()');
    if (store === 'pglite') expect(source).toContain("createPostgresStores({ pglite: './.data/app' })");
    if (store === 'postgres') expect(source).toMatch(/process\.env\.DATABASE_URL[\s\S]*DATABASE_URL is not set/);
  });

  it(`configures ${test}`, () => {
    expect(existsSync(join(app, 'jest.config.js'))).toBe(test === 'jest');
    if (test === 'jest') expect(read(app, 'jest.config.js')).toContain('createDefaultPreset(');
    // Vitest has no globals by default: each test file imports the functions it uses, and only those.
    const vitestImports = (file: string): string[] | undefined => /^import \{ ([^}]+) \} from 'vitest';$/m.exec(read(app, file))?.[1].split(', ');
    expect(vitestImports('test/order.test.ts')).toEqual(test === 'jest' ? undefined : ['describe', 'it']);
    expect(vitestImports('test/app.test.ts')).toEqual(test === 'jest' ? undefined : ['afterEach', 'beforeEach', 'describe', 'expect', 'it']);
  });

  it('tests the aggregate with a fixture and the app with createTestApp and waitForIdle', () => {
    expect(read(app, 'test/order.test.ts')).toContain('aggregateFixture(Order)');
    expect(read(app, 'test/app.test.ts')).toMatch(/createTestApp\(orderParts\)[\s\S]*waitForIdle\(\)/);
    expect(read(app, 'src/main.ts')).toContain("{ consistency: 'strong' }");
  });
});

describe('--factum-from', () => {
  it('depends on the tarballs in that folder, by absolute file: paths', () => {
    const cwd = folders.make();
    const tarballs = join(cwd, 'dist-packages');
    mkdirSync(tarballs);
    for (const name of ['event-store', 'core', 'postgres', 'testing', 'create-factum']) {
      const file = name === 'create-factum' ? 'create-factum-0.1.0.tgz' : `factum-${name}-0.1.0.tgz`;
      writeFileSync(join(tarballs, file), '');
    }
    const run = runCreateFactum(['my-app', '--factum-from', 'dist-packages', '--no-install'], cwd);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = readJson(join(cwd, 'my-app'), 'package.json');
    expect(manifest.dependencies['@factum/core']).toBe(`file:${join(tarballs, 'factum-core-0.1.0.tgz')}`);
    expect(manifest.dependencies['@factum/postgres']).toBe(`file:${join(tarballs, 'factum-postgres-0.1.0.tgz')}`);
    expect(manifest.devDependencies['@factum/testing']).toBe(`file:${join(tarballs, 'factum-testing-0.1.0.tgz')}`);
  });

  it('refuses a folder without the tarballs, and writes nothing', () => {
    const cwd = folders.make();
    const run = runCreateFactum(['my-app', '--factum-from', cwd, '--no-install'], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no factum-event-store-<version>.tgz');
    expect(run.stderr).toContain('npm run pack:all');
    expect(existsSync(join(cwd, 'my-app'))).toBe(false);
  });
});

it('names the package after the folder, as npm allows', () => {
  const cwd = folders.make();
  expect(runCreateFactum(['My Shop!', '--no-install'], cwd).status).toBe(0);
  expect(readJson(join(cwd, 'My Shop!'), 'package.json').name).toBe('my-shop');
});
