// Generated requests against the bank's HTTP API: bodies of any JSON, ids of any text (and raw
// bytes in paths), odd headers, and concurrent transfers, many to targets that cannot take them.
// Whatever comes in: every answer is 2xx, or 4xx with { code, message }, never 5xx and never a
// hang; the money in the bank is what was deposited minus what was withdrawn; and once the
// transfer process is idle no transfer is left "requested".
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createBankServer } from '../src/http/create-bank-server';
import { waitForProjections } from '../src/wait-for-projections';
import { databaseKind, startTestBank, type TestBank } from './test-bank';

const ACCOUNTS = ['f0', 'f1', 'f2', 'f3', 'f4'];
const OPENING = 10_000;
const ANSWER_WITHIN_MS = 15_000;

interface Call {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Money this call adds to (deposit) or takes out of (withdrawal) the bank when it is executed. */
  external?: number;
}

// Ids: the accounts that exist, ones that do not, and the ones that broke the bank before.
const knownAccount = fc.constantFrom(...ACCOUNTS);
const oddId = fc.oneof(
  fc.constantFrom('ghost', 'acc5 ', ' f0', 'f0\u0000', 'f\uD800', 'a'.repeat(995), 'a'.repeat(65), '', '../f0', 'f0/deposits'),
  fc.string({ maxLength: 80, unit: 'binary' }),
);
const anyId = fc.oneof({ weight: 6, arbitrary: knownAccount }, { weight: 1, arbitrary: oddId });
/** A path segment: usually the id percent-encoded, sometimes raw bytes (invalid UTF-8 included). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const pathSegment = fc.oneof(
  { weight: 4, arbitrary: anyId.filter((id) => !LONE_SURROGATE.test(id)).map(encodeURIComponent) }, // encodeURIComponent throws on those
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')),
  },
);
const amount = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53 - 1, 2 ** 53, 100_000_000_000, 100_000_000_001, Number.MAX_VALUE) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 5 }), fc.constant(null), fc.boolean()) },
);
const idempotencyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('k1', 'k2', 'k3') }, // reused across different requests on purpose
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const headersOf = (key: string | undefined): Record<string, string> => (key === undefined ? {} : { 'idempotency-key': key });

const deposit = fc.record({ id: pathSegment, amount, key: idempotencyKey }).map(({ id, amount, key }): Call => ({
  method: 'POST',
  url: `/accounts/${id}/deposits`,
  body: { amount },
  headers: headersOf(key),
  external: typeof amount === 'number' ? amount : 0,
}));
const withdrawal = fc.record({ id: pathSegment, amount, key: idempotencyKey }).map(({ id, amount, key }): Call => ({
  method: 'POST',
  url: `/accounts/${id}/withdrawals`,
  body: { amount },
  headers: headersOf(key),
  external: typeof amount === 'number' ? -amount : 0,
}));
/** Targets that cannot take the money: the refund path. */
const refusingTarget = fc.constantFrom('ghost', 'closed0');
const transfer = fc
  .record({
    transferId: fc.oneof({ weight: 6, arbitrary: fc.uuid() }, { weight: 1, arbitrary: oddId }),
    from: anyId,
    to: fc.oneof({ weight: 3, arbitrary: anyId }, { weight: 1, arbitrary: refusingTarget }),
    amount,
    key: idempotencyKey,
  })
  .map(({ key, ...body }): Call => ({ method: 'POST', url: '/transfers', body, headers: headersOf(key) }));
const anyBody = fc
  .record({ route: fc.constantFrom('/accounts', '/transfers', '/accounts/f1/deposits', '/accounts/f2/close'), body: fc.jsonValue({ maxDepth: 3 }) })
  .map(({ route, body }): Call => ({ method: 'POST', url: route, body }));
const read = fc
  .record({ route: fc.constantFrom('/accounts/', '/transfers/', '/streams/account-', '/accounts/?', '/transfers?status=', '/streams/'), id: pathSegment })
  .map(({ route, id }): Call => ({ method: 'GET', url: route.endsWith('?') ? `${route}limit=${id}` : `${route}${id}` }));
const call = fc.oneof(
  { weight: 3, arbitrary: deposit },
  { weight: 2, arbitrary: withdrawal },
  { weight: 5, arbitrary: transfer },
  { weight: 1, arbitrary: anyBody },
  { weight: 2, arbitrary: read },
);

describe(`the bank's HTTP API under generated requests, on ${databaseKind}`, () => {
  let bank: TestBank;
  let server: FastifyInstance;
  /** Deposits minus withdrawals that were executed, in cents. */
  let external = 0n;
  const answers = new Map<number, number>();

  beforeAll(async () => {
    bank = await startTestBank();
    server = createBankServer({ app: bank.app, db: bank.db });
    await server.ready();
    for (const accountId of ACCOUNTS) {
      await send({ method: 'POST', url: '/accounts', body: { accountId, owner: accountId } });
      await send({ method: 'POST', url: `/accounts/${accountId}/deposits`, body: { amount: OPENING }, external: OPENING });
    }
    await send({ method: 'POST', url: '/accounts', body: { accountId: 'closed0', owner: 'closed' } });
    await send({ method: 'POST', url: '/accounts/closed0/close' });
  });

  afterAll(async () => {
    await server?.close();
    await bank?.dispose();
  });

  /** Sends one request; fails the test on a 5xx, an error body without code and message, or no answer in time. */
  async function send(request: Call): Promise<{ status: number; body: Record<string, unknown> }> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${request.method} ${request.url.slice(0, 120)}`)), ANSWER_WITHIN_MS);
    });
    try {
      const response = await Promise.race([
        server.inject({
          method: request.method,
          url: request.url,
          headers: request.headers ?? {},
          ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body), headers: { 'content-type': 'application/json', ...request.headers } }),
        }),
        hang,
      ]);
      const status = response.statusCode;
      answers.set(status, (answers.get(status) ?? 0) + 1);
      const body = response.json() as Record<string, unknown>;
      const where = `${request.method} ${request.url.slice(0, 120)} ${JSON.stringify(request.body)?.slice(0, 200)}`;
      expect([where, status < 500]).toEqual([where, true]);
      if (status >= 400) expect([where, typeof body['code'], typeof body['message']]).toEqual([where, 'string', 'string']);
      // An executed movement: a fresh 200, or 202 "stored, read models behind".
      const executed = (status === 200 && body['alreadyHandled'] === false) || (status === 202 && body['stored'] === true);
      if (executed && request.external) external += BigInt(request.external);
      return { status, body };
    } finally {
      clearTimeout(timer);
    }
  }

  async function totalMoney(): Promise<bigint> {
    let total = 0n;
    let after: string | null = null;
    do {
      const page: { status: number; body: Record<string, unknown> } = await send({
        method: 'GET',
        url: `/accounts?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      });
      for (const row of page.body['items'] as { balance: number }[]) {
        expect(row.balance).toBeGreaterThanOrEqual(0);
        total += BigInt(row.balance);
      }
      after = page.body['next'] as string | null;
    } while (after);
    return total;
  }

  it('answers 2xx or 4xx, keeps the money, and leaves no transfer requested', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 8 }), async (calls) => {
        await Promise.all(calls.map(send)); // concurrently, as clients would
      }),
      { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 20_240_612), endOnFailure: true },
    );

    // Let the transfer process finish what it was given, then check what it left.
    const deadline = Date.now() + 30_000;
    let requested: unknown[];
    do {
      await waitForProjections(bank.app, 30_000);
      requested = ((await send({ method: 'GET', url: '/transfers?status=requested&limit=100' })).body['items'] as unknown[]) ?? [];
      if (requested.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    } while (requested.length > 0 && Date.now() < deadline);
    expect(requested).toEqual([]);
    // The openings were deposits too: what is in the bank is exactly what came in minus what went out.
    expect(await totalMoney()).toBe(external);
    const transferProcess = (await bank.app.subscribers.status()).find((status) => status.name === 'transfers');
    expect(transferProcess?.state).toBe('live');
    expect(await bank.app.subscribers.deadLetters('transfers')).toEqual([]);

    // The run exercised what it is meant to: refusals, successes and transfers of each outcome.
    const statuses = [...answers.keys()];
    if (process.env.FUZZ_VERBOSE) process.stderr.write(`answers by status: ${JSON.stringify(Object.fromEntries(answers))}\n`);
    expect(statuses).toEqual(expect.arrayContaining([200, 202, 400, 404, 422]));
    const outcomes = (await send({ method: 'GET', url: '/transfers?status=failed&limit=100' })).body['items'] as { reason: string; refunded: boolean }[];
    expect(outcomes.some((transfer) => transfer.refunded)).toBe(true);
  }, 120_000);
});
