import { PostgresCheckpointStore, PostgresEventStore, SchemaNotMigratedError, type SqlClient, type SqlSession } from '@factum/postgres';
import { runCli } from '../src/cli/run-cli';
import { DATABASE_URL, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

/**
 * When subscribers seem stuck, `status` (and `factum status`) must show that events are held
 * back and which open append holds them (nothing else can). Needs a second connection, so a PostgreSQL server.
 */
const describeOnServer = onServer ? describe : describe.skip;

function cliIo() {
  const io = { out: '', err: '' };
  return {
    io,
    cli: { env: { DATABASE_URL }, out: (text: string) => void (io.out += text), err: (text: string) => void (io.err += text) },
  };
}

describeOnServer('status (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;
  let blocker: SqlSession | undefined;
  let bystander: SqlSession | undefined;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('status');
    backend.dropLater(schema);
    client = backend.client({ max: 4 });
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
  });

  afterEach(async () => {
    await blocker?.release();
    await bystander?.release();
    blocker = undefined;
    bystander = undefined;
    await store.close();
    await backend.close();
  });

  it('names the open append that holds events back, and shows checkpoints with their lag', async () => {
    const first = await store.append('account-1', [{ type: 'Opened', data: null }]);
    await store.append('account-1', [{ type: 'Deposited', data: null }]);
    const checkpoints = new PostgresCheckpointStore(client, { schema });
    await checkpoints.set('balances', first.position);

    // An idle transaction that holds an id but never appends: it must not show, nor hold anything back.
    bystander = await client.session();
    await bystander.query('begin');
    await bystander.query('select pg_current_xact_id()');

    blocker = await client.session();
    await blocker.query('begin');
    const tx = { query: blocker.query.bind(blocker), afterCommit: () => undefined };
    await store.append('open-1', [{ type: 'Opened', data: null }], { transaction: tx });
    await store.append('account-2', [
      { type: 'Opened', data: null },
      { type: 'Deposited', data: null },
    ]);

    const held = await store.status();
    const holderOf = (status: typeof held, session: SqlSession) => status.heldBack.holders.find((candidate) => candidate.pid === session.backendPid);
    expect(held.heldBack.events).toBe(2); // account-2's two: open-1's event has not committed
    expect(held.heldBack.holders).toHaveLength(1);
    expect(holderOf(held, blocker)).toMatchObject({
      state: 'idle in transaction',
      holdsHorizon: true,
      transactionStartedAt: expect.any(Date),
      transactionAge: expect.any(Number),
    });
    expect(holderOf(held, bystander)).toBeUndefined();
    expect(held.headPosition).toBe(await store.headPosition());
    expect(held.checkpoints).toEqual([{ name: 'balances', position: first.position, updatedAt: expect.any(Date), lag: 1, lagCapped: false }]);

    const { io, cli } = cliIo();
    expect(await runCli(['status', '--schema', schema], cli)).toBe(0);
    expect(io.out).toMatch(/held back\s+2 committed event/);
    expect(io.out).toContain(String(blocker.backendPid));
    expect(io.out).not.toContain(String(bystander.backendPid));
    expect(io.out).toMatch(/balances\s+\S+\s+1\s/);

    await blocker.query('commit');
    const released = await store.status();
    expect(released.heldBack.events).toBe(0);
    expect(released.heldBack.holders).toEqual([]);
    expect(released.checkpoints[0]!.lag).toBe(4);
    expect(released.schemaVersion).toBe(released.latestSchemaVersion);
  });

  it('the CLI migrates a schema, reports JSON, and says what to do on an unmigrated one', async () => {
    const fresh = uniqueSchema('cli');
    backend.dropLater(fresh);
    let run = cliIo();
    expect(await runCli(['status', '--schema', fresh], run.cli)).toBe(1);
    expect(run.io.err).toMatch(/migrate/);

    run = cliIo();
    expect(await runCli(['migrate', '--schema', fresh], run.cli)).toBe(0);
    expect(run.io.out).toMatch(/applied 1: event log/);
    run = cliIo();
    expect(await runCli(['migrate', '--schema', fresh], run.cli)).toBe(0);
    expect(run.io.out).toMatch(/up to date/);

    run = cliIo();
    expect(await runCli(['status', '--schema', fresh, '--json'], run.cli)).toBe(0);
    expect(JSON.parse(run.io.out)).toMatchObject({ schema: fresh, headPosition: null, heldBack: { events: 0 }, checkpoints: [] });

    await expect(new PostgresEventStore(client, { schema: uniqueSchema('never') }).status()).rejects.toBeInstanceOf(SchemaNotMigratedError);
  });

  it('the CLI refuses bad usage with exit code 2', async () => {
    for (const argv of [[], ['frobnicate'], ['status', '--nope'], ['status', '--url', 'postgres://x', '--pglite', 'dir']]) {
      const run = cliIo();
      expect(await runCli(argv, run.cli)).toBe(2);
      expect(run.io.err.length).toBeGreaterThan(0);
    }
    const run = cliIo();
    expect(await runCli(['status'], { ...run.cli, env: {} })).toBe(2);
    expect(run.io.err).toMatch(/DATABASE_URL/);
  });
});
