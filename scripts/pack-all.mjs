#!/usr/bin/env node
// `npm run pack:all`: builds every publishable package and packs it into dist-packages/, the
// way npm would publish it. Until the packages are on the registry, a project elsewhere installs
// Factum from these tarballs: `npm install <clone>/dist-packages/*.tgz`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGES = ['event-store', 'postgres', 'core', 'testing', 'console', 'create-factum'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packs every package into `outDir` (emptied first); returns the tarballs' paths by package name. */
export function packAll(outDir = join(root, 'dist-packages')) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const present = PACKAGES.filter((name) => existsSync(join(root, 'packages', name, 'package.json')));
  // `prepack` builds each package (tsc -b); --workspace runs it in the package's own folder.
  const args = ['pack', '--pack-destination', outDir, '--silent', ...present.flatMap((name) => ['--workspace', `packages/${name}`])];
  execFileSync(npm, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarballs = {};
  for (const name of present) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    // npm names a tarball after the package: '@factum/core' 0.1.0 → factum-core-0.1.0.tgz.
    const file = join(outDir, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!existsSync(file)) throw new Error(`npm pack produced no ${file}`);
    tarballs[name] = file;
  }
  return tarballs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tarballs = packAll(process.argv[2]);
  for (const [name, file] of Object.entries(tarballs)) process.stdout.write(`${name.padEnd(14)} ${file}\n`);
}
