// @ts-check
// Writes the files into the new project's folder, which must be empty or not exist: a scaffolder
// never overwrites what someone already has.
'use strict';
const { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

class FolderNotEmptyError extends Error {}

/**
 * @param {string} dir
 * @param {Map<string, string>} files relative path → text
 */
function writeProject(dir, files) {
  const root = resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new FolderNotEmptyError(`${dir} exists and is not a folder. Pick another name.`);
    const entries = readdirSync(root);
    if (entries.length > 0) {
      const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
      throw new FolderNotEmptyError(`${dir} is not empty (${shown}). Pick a new folder name, or empty it first: nothing was written.`);
    }
  }
  for (const [path, text] of files) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

module.exports = { writeProject, FolderNotEmptyError };
