/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// Tests run against each package's TypeScript sources (no build needed); @swc/jest strips types
// with legacy decorators and decorator metadata, `npm run typecheck` does the type checking.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
] as const;

// For dependencies that need compiling to CommonJS (see `transform`).
const swcEsm = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }] as const;

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/docs'],
  // docs/snippets/testing holds the testing guide's examples: they are tests themselves.
  testMatch: ['**/test/**/*.test.ts', '**/docs/snippets/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc as unknown as [string, Record<string, unknown>],
    // PGlite's CommonJS build loads Node built-ins with import(), which Jest's VM refuses without
    // --experimental-vm-modules: compiled, those become require() calls.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': swcEsm as unknown as [string, Record<string, unknown>],
    // Two dependencies of fastify's plugins ship only ES modules (content-disposition under the
    // bank's docs page, cookie under light-my-request's inject).
    '/node_modules/(content-disposition|cookie)/.+\\.js$': swcEsm as unknown as [string, Record<string, unknown>],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|content-disposition|cookie)/)'],
  moduleNameMapper: {
    '^@factum/(event-store|postgres|core|testing|console)$': '<rootDir>/packages/$1/src',
    '^@factum/event-store/conformance$': '<rootDir>/packages/event-store/src/conformance',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
};

export default config;
