#!/usr/bin/env node
// @ts-check
// `npm create factum@latest my-app`: writes a small, complete Factum app into my-app, installs it
// and says what to do next. Exit codes: 0 done, 1 could not (folder not empty, no tarballs, npm
// install failed), 2 a mistake on the command line.
'use strict';
const { relative } = require('node:path');
const { parseArguments, UsageError, USAGE } = require('../lib/arguments');
const { factumTarballs, TarballError } = require('../lib/factum-tarballs');
const { npmInstall } = require('../lib/npm-install');
const { factumPackages, projectFiles } = require('../lib/project-files');
const { VERSIONS } = require('../lib/versions');
const { writeProject, FolderNotEmptyError } = require('../lib/write-project');

function main() {
  let options;
  try {
    const parsed = parseArguments(process.argv.slice(2));
    if (parsed.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`create-factum: ${error.message}\nRun create-factum --help for the options.\n`);
    return 2;
  }

  let root;
  try {
    const packages = factumPackages(options);
    const factum = options.factumFrom
      ? factumTarballs(options.factumFrom, packages)
      : Object.fromEntries(packages.map((name) => [`@factum/${name}`, VERSIONS.factum]));
    root = writeProject(options.dir, projectFiles(options, factum));
  } catch (error) {
    if (!(error instanceof FolderNotEmptyError || error instanceof TarballError)) throw error;
    process.stderr.write(`create-factum: ${error.message}\n`);
    return 1;
  }
  process.stdout.write(`Created ${options.dir}: a Factum app with events in ${options.store}, tests on ${options.test}.\n`);

  if (options.install) {
    process.stdout.write('\nInstalling dependencies (npm install)...\n');
    if (!npmInstall(root)) {
      process.stderr.write(`\ncreate-factum: npm install failed in ${options.dir} (see above). Fix that, then run \`npm install\` there.\n`);
      return 1;
    }
  }

  const cd = relative(process.cwd(), root) || '.';
  const start = options.store === 'postgres' ? 'DATABASE_URL=postgres://user@localhost:5432/db npm start' : 'npm start';
  const steps = [
    ...(cd === '.' ? [] : [`cd ${cd.includes(' ') ? JSON.stringify(cd) : cd}`]),
    ...(options.install ? [] : ['npm install']),
    `${start}   # builds and runs src/main.ts: places two orders, prints the read model`,
    `npm test    # ${options.test}: the aggregate, and the whole app in memory`,
  ];
  process.stdout.write(`\nNext:\n\n${steps.map((step) => `  ${step}`).join('\n')}\n\nsrc/ holds the app, README.md says what each file is.\n`);
  return 0;
}

process.exitCode = main();
