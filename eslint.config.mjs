// Type-aware linting for every TypeScript file the type-check covers (tsconfig.check.json).
// The rules that matter most here are the promise rules: an unawaited promise in a subscriber
// loop or a dispatch path is a failure nobody sees.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/**', 'dist-packages/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'jest.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `rows[0]!` states what the code relies on; without noUncheckedIndexedAccess it is "unnecessary".
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Factum's small interfaces (StoreSchema, fold definitions, CLI io) hand out closures, which
      // are safe to pass around unbound; the rule cannot tell them from class methods.
      '@typescript-eslint/unbound-method': 'off',
      // Decorated classes and zod inference make these noisy without catching bugs.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // Tests assert on loosely typed values (JSON, errors) on purpose.
    files: ['**/test/**/*.ts', 'docs/snippets/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  prettier,
);
