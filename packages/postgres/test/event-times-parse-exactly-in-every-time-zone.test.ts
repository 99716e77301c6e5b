import fc from 'fast-check';
import { types } from 'pg';
import { parseTimestampText } from '../src/events/timestamp-text';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

const driverParse = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (text: string) => Date;

// Whole-hour, half-hour and quarter-hour offsets, both signs, and one with seconds before 1900.
const ZONES = ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Los_Angeles', 'Europe/Amsterdam'];

describe(`event times read back exactly ${where}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('eventtimes');
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The server's own text for each instant in `zone`, with each instant's microseconds. */
  const serverTexts = (zone: string, instants: Date[], micros: number[]): Promise<string[]> =>
    db.client.transaction(async (tx) => {
      await tx.query(`select set_config('timezone', $1, true)`, [zone]);
      const { rows } = await tx.query<{ text: string }>(
        `select (t + make_interval(secs => m / 1000000.0))::text as text from unnest($1::timestamptz[], $2::int[]) with ordinality as u(t, m, i) order by i`,
        [instants.map((d) => d.toISOString()), micros],
      );
      return rows.map((row) => row.text);
    });

  it('parses what the server writes to the millisecond the driver gives, for any instant, fraction and zone', async () => {
    // 1000-01-01 to 9999-12-31, in whole milliseconds, plus 0-999 microseconds the parse must cut.
    const instant = fc.integer({ min: -30_610_224_000_000, max: 253_402_300_799_000 }).map((ms) => new Date(ms));
    const sample = fc.sample(fc.tuple(instant, fc.integer({ min: 0, max: 999 }), fc.constantFrom(0, 0, 999)), 400);
    // Some with no fraction at all, some whole seconds with microseconds only.
    sample.push([new Date(Date.UTC(2026, 10, 30, 22, 5, 52)), 0, 0], [new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)), 999, 0]);
    for (const zone of ZONES) {
      const instants = sample.map(([date, , wholeSecond]) => (wholeSecond === 0 ? date : new Date(Math.floor(date.getTime() / 1000) * 1000)));
      const texts = await serverTexts(
        zone,
        instants,
        sample.map(([, micros]) => micros),
      );
      texts.forEach((text, i) => {
        const parsed = parseTimestampText(text);
        expect({ text, ms: parsed.getTime() }).toEqual({ text, ms: instants[i]!.getTime() });
        expect({ text, ms: parsed.getTime() }).toEqual({ text, ms: driverParse(text).getTime() });
      });
    }
  });

  it('leaves every other form to the driver: BC, years below 100, infinity, a zone with seconds', () => {
    for (const text of ['0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '12345-01-01 00:00:00+00', '2026-11-30 22:05:52.5+05:30:15']) {
      expect({ text, ms: parseTimestampText(text).getTime() }).toEqual({ text, ms: driverParse(text).getTime() });
    }
    expect(parseTimestampText('infinity')).toBe(driverParse('infinity'));
    for (const malformed of ['2026-11-30 22:05:52.+00', '2026-11-30 22:05:52+0', '2026-11-30 22:05:52+00:0', '2026-11-30T22:05:52+00']) {
      expect(String(parseTimestampText(malformed))).toBe(String(driverParse(malformed)));
    }
  });

  it('gives each read event the time its append returned', async () => {
    const store = new PostgresEventStore(db.client, { schema: db.schema, listen: false, notify: false });
    const appended = await store.append('times-1', [
      { type: 'Ticked', data: {} },
      { type: 'Ticked', data: {} },
    ]);
    const read = [];
    for await (const event of store.readStream('times-1')) read.push(event);
    expect(read.map((event) => event.occurredAt.getTime())).toEqual(appended.events.map((event) => event.occurredAt.getTime()));
    const logged = [];
    for await (const event of store.readAll()) logged.push(event);
    expect(logged.map((event) => event.occurredAt.getTime())).toEqual(appended.events.map((event) => event.occurredAt.getTime()));
    await store.close();
  });
});
