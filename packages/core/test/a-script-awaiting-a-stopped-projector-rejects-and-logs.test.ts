import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Defaults never hide a failure. A plain script that dispatches with strong consistency to a
 * projector that has stopped on a bug must end with `SubscriberStoppedError` (not exit 0 half-way
 * because nothing kept the process alive), and the projector's error must be on standard error
 * with the default logger, as one JSON line.
 */
it('a script awaiting a strong dispatch to a stopped projector rejects with SUBSCRIBER_STOPPED, and the error is on stderr', () => {
  const register = path.join(__dirname, '../../postgres/test/support/register-sources.js');
  const script = path.join(__dirname, 'support/scripts/dispatch-to-a-stopped-projector.ts');
  const run = spawnSync(process.execPath, ['-r', register, script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe('REJECTED SUBSCRIBER_STOPPED');
  const lines = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg?: string; subscriber?: string; err?: { message?: string } });
  const failure = lines.find((line) => line.subscriber === 'broken' && line.level >= 50);
  expect(failure).toMatchObject({ msg: "subscriber 'broken' failed", err: { message: 'a bug in the projector' } });
}, 90_000);
