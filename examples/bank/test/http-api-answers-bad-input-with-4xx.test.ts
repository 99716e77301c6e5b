// What once answered 500 (or 200 when it should not) now answers 4xx with { code, message }:
// ids with NUL, lone surrogates or 995 characters, over-long Idempotency-Keys, unknown routes,
// and a reused Idempotency-Key. Plus what users of an HTTP service expect: health, readiness,
// an OpenAPI document and list endpoints.
import { ConsistencyTimeoutError, type App } from '@factum/core';
import type { GlobalPosition } from '@factum/event-store';
import type { FastifyInstance } from 'fastify';
import { createBankServer } from '../src/http/create-bank-server';
import { databaseKind, startTestBank, type TestBank } from './test-bank';

describe(`bank HTTP API refuses bad input with 4xx, on ${databaseKind}`, () => {
  let bank: TestBank;
  let server: FastifyInstance;

  beforeAll(async () => {
    bank = await startTestBank();
    server = createBankServer({ app: bank.app, db: bank.db });
    await server.ready();
    for (const accountId of ['alice', 'bob']) await call('POST', '/accounts', { accountId, owner: accountId });
    await call('POST', '/accounts/alice/deposits', { amount: 1_000 });
  });

  afterAll(async () => {
    await server?.close();
    await bank?.dispose();
  });

  async function call(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await server.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }), headers });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  }

  const expectRefused = (answer: { status: number; body: Record<string, unknown> }, status = 400): void => {
    expect([answer.status, typeof answer.body['code'], typeof answer.body['message']]).toEqual([status, 'string', 'string']);
  };

  // [what, the id in a JSON body, the id in a path]
  it.each([
    ['a NUL', 'acc\u00005', 'acc%005'],
    ['a lone surrogate', 'acc\uD800', 'acc%ED%A0%80'],
    ['995 characters', 'a'.repeat(995), 'a'.repeat(995)],
    ['a trailing space', 'acc5 ', 'acc5%20'],
  ])('answers 400 for an account id with %s, on every route that takes one', async (_what, id, inPath) => {
    expectRefused(await call('POST', '/accounts', { accountId: id, owner: 'x' }));
    expectRefused(await call('POST', `/accounts/${inPath}/deposits`, { amount: 1 }));
    expectRefused(await call('POST', `/accounts/${inPath}/withdrawals`, { amount: 1 }));
    expectRefused(await call('POST', `/accounts/${inPath}/close`));
    expectRefused(await call('POST', '/transfers', { transferId: 't-bad', from: 'alice', to: id, amount: 1 }));
    expectRefused(await call('POST', '/transfers', { transferId: id, from: 'alice', to: 'bob', amount: 1 }));
  });

  it('answers 400, not 500, for a NUL or a lone surrogate in a lookup', async () => {
    for (const url of [
      '/accounts/%00',
      '/accounts/%00/statement',
      '/transfers/%00',
      '/streams/%00',
      '/streams/account-%ED%A0%80',
      `/streams/${'s'.repeat(1_001)}`,
    ]) {
      expectRefused(await call('GET', url));
    }
    expectRefused(await call('POST', '/accounts/%00/deposits', { amount: 1 }));
  });

  it('refuses a transfer to an id the account would refuse, before any money moves', async () => {
    const answer = await call('POST', '/transfers', { transferId: 't-space', from: 'alice', to: 'acc5 ', amount: 100 });
    expectRefused(answer);
    expect(answer.body['issues']).toEqual([expect.objectContaining({ in: 'body', path: ['to'] })]);
    expect((await call('GET', '/accounts/alice')).body['balance']).toBe(1_000);
  });

  it('answers 400 for an over-long or unprintable Idempotency-Key', async () => {
    expectRefused(await call('POST', '/accounts/alice/deposits', { amount: 1 }, { 'idempotency-key': 'k'.repeat(256) }));
    expectRefused(await call('POST', '/accounts/alice/deposits', { amount: 1 }, { 'idempotency-key': 'k'.repeat(1_001) }));
    expectRefused(await call('POST', '/accounts/alice/deposits', { amount: 1 }, { 'idempotency-key': 'clé' }));
    expect((await call('GET', '/accounts/alice')).body['balance']).toBe(1_000);
  });

  it('answers 422 when an Idempotency-Key is reused for a different request, on the same account or another', async () => {
    const key = { 'idempotency-key': 'reuse-1' };
    expect(await call('POST', '/accounts/bob/deposits', { amount: 5 }, key)).toMatchObject({ status: 200, body: { alreadyHandled: false } });
    expect(await call('POST', '/accounts/bob/deposits', { amount: 5 }, key)).toMatchObject({ status: 200, body: { alreadyHandled: true } });
    expect(await call('POST', '/accounts/bob/deposits', { amount: 6 }, key)).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await call('POST', '/accounts/alice/deposits', { amount: 5 }, key)).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await call('POST', '/accounts/bob/withdrawals', { amount: 5 }, key)).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await call('GET', '/accounts/bob')).body['balance']).toBe(5);
  });

  it('frees an Idempotency-Key whose request was refused: nothing was executed under it', async () => {
    const key = { 'idempotency-key': 'refused-1' };
    expect((await call('POST', '/accounts/bob/withdrawals', { amount: 1_000_000 }, key)).status).toBe(422);
    expect(await call('POST', '/accounts/bob/withdrawals', { amount: 1 }, key)).toMatchObject({ status: 200, body: { alreadyHandled: false } });
  });

  it('answers unknown routes and malformed requests in the API shape', async () => {
    expect(await call('GET', '/nowhere')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await call('POST', '/accounts/alice')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const malformed = await server.inject({ method: 'POST', url: '/accounts', payload: '{"accountId":', headers: { 'content-type': 'application/json' } });
    expectRefused({ status: malformed.statusCode, body: malformed.json() });
    expectRefused(await call('GET', '/accounts/%E0%A4%A'));
  });

  it('answers health, readiness, an OpenAPI document and its docs page', async () => {
    expect(await call('GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await call('GET', '/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(ready.body['subscribers']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'transfers', state: 'live' })]));

    const openapi = await call('GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body['openapi']).toMatch(/^3\./);
    const paths = openapi.body['paths'] as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>
    >;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/accounts', '/accounts/{id}/deposits', '/transfers', '/transfers/{id}', '/streams/{id}', '/health', '/ready']),
    );
    // The body schema comes from the command's zod schema: its id pattern and amount bound included.
    const transfer = paths['/transfers']!['post']!.requestBody!.content['application/json']!.schema.properties;
    expect(transfer['to']).toMatchObject({ type: 'string', maxLength: 64, pattern: expect.any(String) });
    expect(transfer['amount']).toMatchObject({ type: 'integer', maximum: 100_000_000_000 });

    const docs = await server.inject({ method: 'GET', url: '/docs/' });
    expect([docs.statusCode, docs.headers['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
  });

  it('lists accounts and transfers a page at a time', async () => {
    for (const accountId of ['p1', 'p2', 'p3']) await call('POST', '/accounts', { accountId, owner: accountId });
    const first = await call('GET', '/accounts?limit=2');
    expect(first.body).toMatchObject({ items: [{ accountId: 'alice' }, { accountId: 'bob' }], next: 'bob' });
    const second = await call('GET', '/accounts?limit=2&after=bob');
    expect(second.body).toMatchObject({ items: [{ accountId: 'p1' }, { accountId: 'p2' }], next: 'p2' });
    expect((await call('GET', '/accounts?limit=2&after=p2')).body).toMatchObject({ items: [{ accountId: 'p3' }], next: null });
    expectRefused(await call('GET', '/accounts?limit=0'));
    expectRefused(await call('GET', '/accounts?limit=101'));
    expectRefused(await call('GET', '/transfers?status=lost'));
    expect(await call('GET', '/transfers?status=completed')).toMatchObject({ status: 200, body: { items: [], next: null } });
  });
});

describe('a write whose read models are late', () => {
  it('answers 202 "stored, read models behind", not 500', async () => {
    // An app whose dispatch stored the command but ran out of time waiting for the projectors.
    const app = {
      dispatch: () => Promise.reject(new ConsistencyTimeoutError('account-alice', '42' as unknown as GlobalPosition, ['bank-balances'], 5_000)),
    } as unknown as App;
    const db = { query: () => Promise.resolve({ rows: [] }) } as unknown as TestBank['db'];
    const server = createBankServer({ app, db, console: false }); // the stub app has no subscribers for the console
    try {
      const response = await server.inject({ method: 'POST', url: '/accounts/alice/deposits', payload: { amount: 5 } });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toMatchObject({
        code: 'CONSISTENCY_TIMEOUT',
        stored: true,
        streamId: 'account-alice',
        message: expect.stringContaining('stored'),
      });
    } finally {
      await server.close();
    }
  });
});
