#!/usr/bin/env node
// `npx factum`: the CLI of @factum/postgres. A committed file, so that the command is linked by
// `npm install` even before the package is built (in a clone of the repository).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('factum: @factum/postgres is not built yet. In a clone of the repository, run `npm run build` first.\n');
  process.exit(1);
}
require(main);
