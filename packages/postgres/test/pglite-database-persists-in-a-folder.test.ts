import { PostgresEventStore } from '@factum/postgres';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli';
import { collect } from './support/collect';

/** The zero-setup default: an embedded database in a folder, kept across restarts. */
describe('PGlite in a folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'factum-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps events across a close and reopen, and the CLI works on it', async () => {
    const first = new PostgresEventStore({ pglite: dir });
    await first.migrate();
    const appended = await first.append('account-1', [{ type: 'Opened', data: { owner: 'Ada' } }]);
    await first.close();

    const io = { out: '', err: '' };
    const cli = { env: {}, out: (text: string) => void (io.out += text), err: (text: string) => void (io.err += text) };
    expect(await runCli(['status', '--pglite', dir, '--json'], cli)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ schema: 'factum', headPosition: appended.position });

    const reopened = new PostgresEventStore({ pglite: dir });
    const events = await collect(reopened.readAll());
    expect(events.map((event) => [event.eventId, event.data])).toEqual([[appended.events[0]!.eventId, { owner: 'Ada' }]]);
    await reopened.append('account-1', [{ type: 'Deposited', data: 5 }], { expectedVersion: 1 });
    await reopened.close();
  }, 60_000);

  it('creates the folders above the data folder, as `{ pglite: ./.data/app }` needs', async () => {
    const nested = join(dir, 'not-yet', 'there', 'app');
    const store = new PostgresEventStore({ pglite: nested });
    await store.migrate();
    expect((await store.append('account-1', [{ type: 'Opened', data: null }])).version).toBe(1);
    await store.close();
    expect(existsSync(join(nested, 'PG_VERSION'))).toBe(true);
  }, 60_000);
});
