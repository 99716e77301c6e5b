// @ts-check
'use strict';
const { spawnSync } = require('node:child_process');

/**
 * Runs `npm install` in the new project, its output shown as it comes. npm settings of the caller
 * (npm_config_* in the environment, e.g. --prefer-offline) apply to it too.
 * @param {string} dir
 * @returns {boolean} whether it succeeded
 */
function npmInstall(dir) {
  const windows = process.platform === 'win32';
  // On Windows npm is a .cmd script, which Node runs only through a shell.
  const result = spawnSync(windows ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', shell: windows });
  return result.status === 0;
}

module.exports = { npmInstall };
