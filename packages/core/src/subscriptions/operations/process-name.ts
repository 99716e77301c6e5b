import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * How this process is named in subscriber reports and operation records: host and pid, plus a
 * short tag, because one process may run two apps on one store.
 */
export function defaultProcessName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
}
