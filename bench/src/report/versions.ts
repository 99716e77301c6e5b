import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const BENCH_ROOT = new URL('../../', import.meta.url);

function versionOf(relative: string): string | null {
  try {
    const json = JSON.parse(readFileSync(fileURLToPath(new URL(relative, BENCH_ROOT)), 'utf8')) as { version?: string };
    return json.version ?? null;
  } catch {
    return null;
  }
}

/** The version of every system measured, read from the installed packages themselves. */
export function systemVersions(): Record<string, string | null> {
  return {
    node: process.version.replace(/^v/, ''),
    '@factum/core': versionOf('../packages/core/package.json'),
    '@factum/postgres': versionOf('../packages/postgres/package.json'),
    '@event-driven-io/emmett': versionOf('node_modules/@event-driven-io/emmett/package.json'),
    '@event-driven-io/emmett-postgresql': versionOf('node_modules/@event-driven-io/emmett-postgresql/package.json'),
    '@nestjs/cqrs': versionOf('node_modules/@nestjs/cqrs/package.json'),
    '@nestjs/core': versionOf('node_modules/@nestjs/core/package.json'),
    pg: versionOf('node_modules/pg/package.json'),
    'pg (factum)': versionOf('../node_modules/pg/package.json'),
    zod: versionOf('../node_modules/zod/package.json'),
  };
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
  };
}
