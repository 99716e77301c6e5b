// @ts-check
'use strict';
const { basename, resolve } = require('node:path');

/** The folder's name, made a valid npm package name ('My App' → 'my-app'). */
function packageName(/** @type {string} */ dir) {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name || 'factum-app';
}

module.exports = { packageName };
