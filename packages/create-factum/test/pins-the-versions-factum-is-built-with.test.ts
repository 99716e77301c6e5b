// A new project gets the TypeScript, Jest and zod that Factum itself is built and tested with, so
// the versions it pins cannot drift from the ones the repository proves every day.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const manifest = (path: string): { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> } =>
  JSON.parse(readFileSync(join(root, path), 'utf8'));
// Plain JavaScript without declarations: its shape is stated here.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript without declarations
const { VERSIONS } = require('../lib/versions') as { VERSIONS: Record<string, string> };

it('pins the repository’s TypeScript, Jest and @types/jest, and the zod of @factum/core', () => {
  const devDependencies = manifest('package.json').devDependencies ?? {};
  expect(VERSIONS.typescript).toBe(devDependencies.typescript);
  expect(VERSIONS.jest).toBe(devDependencies.jest);
  expect(VERSIONS['@types/jest']).toBe(devDependencies['@types/jest']);
  expect(VERSIONS.zod).toBe(manifest('packages/core/package.json').dependencies?.zod);
});

it('depends on the version of Factum this scaffolder is released with', () => {
  expect(VERSIONS.factum).toBe(`^${manifest('packages/core/package.json').version}`);
  expect(manifest('packages/create-factum/package.json').version).toBe(manifest('packages/core/package.json').version);
});
