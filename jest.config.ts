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

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': swc as unknown as [string, Record<string, unknown>] },
  moduleNameMapper: {
    '^@factum/(event-store|postgres|core|testing)$': '<rootDir>/packages/$1/src',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
};

export default config;
