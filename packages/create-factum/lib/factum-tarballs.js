// @ts-check
// --factum-from: Factum's packages from tarballs (`npm run pack:all` in a clone), so that a new
// project installs before the packages are on the registry.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

class TarballError extends Error {}

/**
 * `file:` specs for each package, absolute so the project installs from wherever it is.
 * @param {string} folder
 * @param {string[]} packages names without the scope: 'core', 'event-store', ...
 * @returns {Record<string, string>} '@factum/core' → 'file:/…/factum-core-0.1.0.tgz'
 */
function factumTarballs(folder, packages) {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TarballError(`--factum-from ${folder}: no such folder. Run \`npm run pack:all\` in a clone of Factum and pass its dist-packages folder.`);
  }
  const files = readdirSync(dir);
  /** @type {Record<string, string>} */
  const specs = {};
  for (const name of packages) {
    // npm names a tarball after the package: '@factum/core' 0.1.0 → factum-core-0.1.0.tgz.
    const pattern = new RegExp(`^factum-${name}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`);
    const matches = files.filter((file) => pattern.test(file)).sort(byVersion);
    if (matches.length === 0)
      throw new TarballError(`--factum-from ${folder}: no factum-${name}-<version>.tgz in ${dir}. Run \`npm run pack:all\` in a clone of Factum first.`);
    specs[`@factum/${name}`] = `file:${join(dir, matches[matches.length - 1])}`;
  }
  return specs;
}

/** Numeric parts compare as numbers: factum-core-0.10.0.tgz sorts after factum-core-0.2.0.tgz. */
function byVersion(/** @type {string} */ a, /** @type {string} */ b) {
  return a.localeCompare(b, 'en', { numeric: true });
}

module.exports = { factumTarballs, TarballError };
