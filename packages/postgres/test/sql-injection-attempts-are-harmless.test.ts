import { InvalidInputError } from '@factum/event-store';
import { checkSchemaName, PostgresCheckpointStore, PostgresEventStore, PostgresSnapshotStore, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog, settled } from './support/settle';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

const ATTACKS = [
  `x'); drop table events; --`,
  `x"; drop schema public cascade; --`,
  `$1; delete from events`,
  `' or '1'='1`,
  `\\'; truncate events; --`,
  `account-1'::text); select pg_sleep(5); --`,
  `account-$$; drop table streams; $$`,
];

/** Every value travels as a parameter; the schema name, the one thing spliced in, is validated. */
describe(`SQL injection attempts ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('injection');
    backend.dropLater(schema);
    client = backend.client();
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  it('stream ids, types, event ids, metadata, filters and checkpoint names are stored and matched verbatim', async () => {
    for (const [index, attack] of ATTACKS.entries()) {
      await store.append(attack, [{ type: attack, eventId: `${attack}#${index}`, data: { attack }, metadata: { [attack]: attack }, causationId: attack }]);
    }
    for (const [index, attack] of ATTACKS.entries()) {
      const [event] = await collect(store.readStream(attack));
      expect(event).toMatchObject({ streamId: attack, type: attack, eventId: `${attack}#${index}`, data: { attack }, metadata: { [attack]: attack } });
      expect(await store.streamVersion(attack)).toBe(1);
      expect((await readLog(store, { filter: { types: [attack] } })).map((read) => read.streamId)).toEqual([attack]);
    }
    const checkpoints = new PostgresCheckpointStore(client, { schema });
    const snapshots = new PostgresSnapshotStore(client, { schema });
    await settled(store);
    const head = (await store.headPosition())!;
    for (const attack of ATTACKS) {
      await checkpoints.set(attack, head);
      await snapshots.save({ streamId: attack, version: 1, schemaVersion: 1, state: { attack }, takenAt: new Date() });
      expect(await checkpoints.get(attack)).toBe(head);
      expect((await snapshots.load(attack))?.state).toEqual({ attack });
    }
    // Everything is still there.
    expect(await readLog(store)).toHaveLength(ATTACKS.length);
    const { rows } = await client.query<{ tables: string[] }>(
      `select array_agg(table_name::text order by table_name) as tables from information_schema.tables where table_schema = $1`,
      [schema],
    );
    expect(rows[0]!.tables).toEqual(expect.arrayContaining(['checkpoints', 'events', 'schema_migrations', 'snapshots', 'streams']));
  });

  it('a position token that is not one is refused before it reaches SQL', async () => {
    await store.append('account-1', [{ type: 'Opened', data: null }]);
    for (const after of [`1:1) or (true`, `1:1'; drop table events; --`, '1:1:1', '', 'head']) {
      await expect(collect(store.readAll({ after: after as never }))).rejects.toBeInstanceOf(InvalidInputError);
    }
  });

  it.each([
    'factum; drop schema public cascade',
    'factum"; drop table x; --',
    'Factum',
    'my-schema',
    '1factum',
    'pg_catalog',
    'information_schema',
    '',
    'a'.repeat(49),
  ])('the schema name %j is refused with InvalidInputError', (name) => {
    expect(() => checkSchemaName(name)).toThrow(InvalidInputError);
    expect(() => new PostgresEventStore(client, { schema: name })).toThrow(InvalidInputError);
    expect(() => new PostgresCheckpointStore(client, { schema: name })).toThrow(InvalidInputError);
  });
});
