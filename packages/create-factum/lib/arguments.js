// @ts-check
// The command line: `create-factum <dir> [options]`. Mistakes in it are UsageErrors (exit 2).
'use strict';
const { parseArgs } = require('node:util');

const STORES = /** @type {const} */ (['memory', 'pglite', 'postgres']);
const TEST_RUNNERS = /** @type {const} */ (['jest', 'vitest']);

const USAGE = `Usage: create-factum <dir> [options]
       npm create factum@latest <dir> -- [options]

Makes a new Factum app in <dir> (which must be empty or not exist yet) and installs it.

Options:
  --store <memory|pglite|postgres>  where the events live (default: pglite)
                                      memory    in memory, gone when the process ends
                                      pglite    embedded PostgreSQL in ./.data/app, no server
                                      postgres  the PostgreSQL server named by DATABASE_URL
  --test <jest|vitest>              the test runner (default: jest, with ts-jest)
  --factum-from <folder>            install @factum/* from the .tgz files in <folder>
                                    (made by \`npm run pack:all\` in a clone of Factum)
  --no-install                      write the files only, do not run npm install
  -h, --help                        show this help
`;

class UsageError extends Error {}

/**
 * @typedef {{ dir: string, store: 'memory' | 'pglite' | 'postgres', test: 'jest' | 'vitest', factumFrom: string | undefined, install: boolean }} Options
 * @param {string[]} argv the arguments after the command's name
 * @returns {{ help: true } | ({ help: false } & Options)}
 */
function parseArguments(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        store: { type: 'string', default: 'pglite' },
        test: { type: 'string', default: 'jest' },
        'factum-from': { type: 'string' },
        // parseArgs negates options only from Node 22.4 (allowNegative): --no-install is its own flag.
        'no-install': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs explains an unknown option at length (and in terms of its own API): say it shortly.
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('Name the folder for the new app: create-factum my-app');
  if (positionals.length > 1) throw new UsageError(`One folder only, got ${positionals.length}: ${positionals.join(' ')}`);
  const store = oneOf('--store', values.store, STORES);
  const test = oneOf('--test', values.test, TEST_RUNNERS);
  return { help: false, dir: positionals[0], store, test, factumFrom: values['factum-from'], install: !values['no-install'] };
}

/**
 * @template {string} T
 * @param {string} option
 * @param {string | undefined} value
 * @param {readonly T[]} allowed
 * @returns {T}
 */
function oneOf(option, value, allowed) {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not '${value}'`);
  return found;
}

module.exports = { parseArguments, UsageError, USAGE, STORES, TEST_RUNNERS };
