import { fullXid } from '../src/sql/horizon-statement';
import { backendTitle, closeSharedPglite, openTestBackend, type TestBackend } from './support/test-database';

/**
 * `pg_stat_activity` shows an appender's transaction id in its 32-bit form; the horizon compares
 * it with 64-bit ids. The conversion takes the full id within 2^31 of "now", across an epoch
 * boundary in either direction (an id handed out after the snapshot's xmax is one too).
 */
describe(`the horizon's 32-bit to 64-bit id conversion ${backendTitle}`, () => {
  let backend: TestBackend;
  beforeAll(() => {
    backend = openTestBackend();
  });
  afterAll(async () => {
    await backend.close();
    await closeSharedPglite();
  });

  const EPOCH = 2n ** 32n;
  const cases: Array<[string, bigint, bigint]> = [
    ['the same id', 1_000n, 1_000n],
    ['an older id of the same epoch', 5n * EPOCH + 900n, 5n * EPOCH + 100n],
    ['an id handed out after the snapshot', 5n * EPOCH + 100n, 5n * EPOCH + 107n],
    ['an older id of the previous epoch', 5n * EPOCH + 5n, 4n * EPOCH + (EPOCH - 10n)],
    ['a newer id of the next epoch', 5n * EPOCH + (EPOCH - 3n), 6n * EPOCH + 2n],
  ];

  it.each(cases)('%s', async (_, next, full) => {
    const client = backend.client();
    const xid32 = (full % EPOCH).toString();
    const { rows } = await client.query<{ full: string }>(`select ${fullXid('$1::text::xid', '$2::bigint')}::text as full`, [xid32, next.toString()]);
    expect(rows[0]!.full).toBe(full.toString());
  });
});
