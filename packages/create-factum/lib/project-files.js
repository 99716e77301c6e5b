// @ts-check
// What a new project is: every file and its text, for the chosen store and test runner. The
// TypeScript sources are real files in ../template (type-checked and tested in the Factum
// repository); the files that depend on the options are written here.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { packageName } = require('./package-name');
const { projectReadme } = require('./project-readme');
const { VERSIONS } = require('./versions');

const TEMPLATE = join(__dirname, '..', 'template');

/** The same compiler options as the getting-started guide's tsconfig.json. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'Node16',
    moduleResolution: 'Node16',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};

const JEST_CONFIG = `// Jest runs the tests through ts-jest's default preset, which type-checks them with tsconfig.json.
// With module Node16 (the project's, compiled by tsc to CommonJS) ts-jest advises isolatedModules
// at every run (TS151002); the tests compile and run as they are, so that advice is left out.
const { createDefaultPreset } = require('ts-jest');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  ...createDefaultPreset({ diagnostics: { ignoreCodes: [151002] } }),
};
`;

/**
 * @typedef {import('./arguments').Options} Options
 * @param {Options} options
 * @param {Record<string, string>} factum '@factum/<name>' → version range or file: spec
 * @returns {Map<string, string>} relative path → text
 */
function projectFiles(options, factum) {
  const files = new Map();
  files.set('package.json', json(packageJson(options, factum)));
  files.set('tsconfig.json', json(TSCONFIG));
  files.set('.gitignore', template('gitignore')); // npm pack drops files named .gitignore
  files.set('README.md', projectReadme(options));
  for (const file of ['messages.ts', 'order.aggregate.ts', 'order-summary.projector.ts', 'shipping.process-manager.ts', 'app.ts', 'main.ts']) {
    files.set(`src/${file}`, template(`src/${file}`));
  }
  files.set('src/store.ts', template(options.store === 'memory' ? 'src/store.ts' : `stores/${options.store}.ts`));
  for (const file of ['order.test.ts', 'app.test.ts']) {
    const text = template(`test/${file}`);
    files.set(`test/${file}`, options.test === 'vitest' ? withVitestImports(text) : text);
  }
  if (options.test === 'jest') files.set('jest.config.js', JEST_CONFIG);
  return files;
}

/** The Factum packages a project with this store needs, by name without the scope. */
function factumPackages(/** @type {Options} */ options) {
  return options.store === 'memory' ? ['event-store', 'core', 'testing'] : ['event-store', 'core', 'postgres', 'testing'];
}

/**
 * @param {Options} options
 * @param {Record<string, string>} factum
 */
function packageJson(options, factum) {
  const test = options.test === 'jest' ? { test: 'jest' } : { test: 'vitest run' };
  /** @type {Record<string, string>} */
  const testTools =
    options.test === 'jest' ? { jest: VERSIONS.jest, 'ts-jest': VERSIONS['ts-jest'], '@types/jest': VERSIONS['@types/jest'] } : { vitest: VERSIONS.vitest };
  const { '@factum/testing': testing, ...runtime } = factum;
  return {
    name: packageName(options.dir),
    version: '0.1.0',
    private: true,
    engines: { node: '>=20.19' },
    scripts: { build: 'tsc', start: 'npm run build && node dist/main.js', ...test },
    dependencies: sorted({ ...runtime, zod: VERSIONS.zod }),
    devDependencies: sorted({ '@factum/testing': testing, typescript: VERSIONS.typescript, '@types/node': VERSIONS['@types/node'], ...testTools }),
  };
}

/** Vitest's test functions are imports, not globals: the same tests, with the names they use imported. */
function withVitestImports(/** @type {string} */ text) {
  const used = ['afterEach', 'beforeEach', 'describe', 'expect', 'it'].filter((name) => new RegExp(`\\b${name}\\(`).test(text));
  const lines = text.split('\n');
  // After the header comment, before the first import.
  const at = lines.findIndex((line) => line.startsWith('import '));
  lines.splice(at, 0, `import { ${used.join(', ')} } from 'vitest';`);
  return lines.join('\n');
}

function template(/** @type {string} */ path) {
  return readFileSync(join(TEMPLATE, path), 'utf8');
}

function json(/** @type {unknown} */ value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** @param {Record<string, string>} record */
function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

module.exports = { projectFiles, factumPackages };
