import { LATEST_SCHEMA_VERSION, migrations, PostgresEventStore, runMigrations, SchemaNotMigratedError, schemaVersion, storeSchema } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

describe(`migrations ${backendTitle}`, () => {
  let backend: TestBackend;

  beforeEach(() => {
    backend = openTestBackend();
  });

  afterEach(async () => {
    await backend.close();
  });

  it('apply every step once, in order, and record it; running again applies nothing', async () => {
    const schema = storeSchema(uniqueSchema('migrate'));
    backend.dropLater(schema.name);
    const client = backend.client();
    expect(await schemaVersion(client, schema)).toBe(0);
    const first = await runMigrations(client, schema);
    expect(first.applied.map((step) => step.version)).toEqual(migrations.map((migration) => migration.version));
    expect(first.version).toBe(LATEST_SCHEMA_VERSION);
    const again = await runMigrations(client, schema);
    expect(again).toEqual({ schema: schema.name, applied: [], version: LATEST_SCHEMA_VERSION });
    const { rows } = await client.query<{ version: number }>(`select version from ${schema.qualify('schema_migrations')} order by version`);
    expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
  });

  it('every statement is itself repeatable: replaying all steps over a migrated schema changes nothing', async () => {
    const schema = storeSchema(uniqueSchema('replay'));
    backend.dropLater(schema.name);
    const client = backend.client();
    const store = new PostgresEventStore(client, { schema: schema.name, listen: false });
    await store.migrate();
    await store.append('account-1', [{ type: 'Opened', data: { owner: 'Ada' } }]);
    await client.transaction(async (tx) => {
      for (const migration of migrations) for (const statement of migration.statements(schema)) await tx.query(statement);
    });
    expect((await readLog(store)).map((event) => event.data)).toEqual([{ owner: 'Ada' }]);
    await store.append('account-1', [{ type: 'Deposited', data: 1 }], { expectedVersion: 1 });
    await store.close();
  });

  it('several processes migrating one schema at once: one applies, the others find it done', async () => {
    const schema = storeSchema(uniqueSchema('race'));
    backend.dropLater(schema.name);
    const results = await Promise.all(Array.from({ length: 4 }, () => runMigrations(backend.client({ max: 1 }), schema)));
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    expect(results.every((result) => result.version === LATEST_SCHEMA_VERSION)).toBe(true);
  });

  it('stores in two schemas of one database do not see each other', async () => {
    const [a, b] = [uniqueSchema('app_a'), uniqueSchema('app_b')];
    backend.dropLater(a);
    backend.dropLater(b);
    const client = backend.client();
    const storeA = new PostgresEventStore(client, { schema: a, listen: false });
    const storeB = new PostgresEventStore(client, { schema: b, listen: false });
    await storeA.migrate();
    await storeB.migrate();
    await storeA.append('account-1', [{ type: 'InA', data: null }]);
    await storeB.append('account-1', [{ type: 'InB', data: null }], { expectedVersion: 'no-stream' });
    expect((await readLog(storeA)).map((event) => event.type)).toEqual(['InA']);
    expect((await collect(storeB.readStream('account-1'))).map((event) => event.type)).toEqual(['InB']);
    await storeA.close();
    await storeB.close();
  });

  it('a store used before migrating says so with SchemaNotMigratedError', async () => {
    const schema = uniqueSchema('unmigrated');
    const store = new PostgresEventStore(backend.client(), { schema, listen: false });
    await expect(store.append('account-1', [{ type: 'Opened', data: null }])).rejects.toBeInstanceOf(SchemaNotMigratedError);
    await expect(collect(store.readAll())).rejects.toBeInstanceOf(SchemaNotMigratedError);
    await expect(store.headPosition()).rejects.toThrow(/store\.migrate\(\)/);
    await store.close();
  });
});
