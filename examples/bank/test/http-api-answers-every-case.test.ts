// The HTTP API end to end: a real server on a random port, driven over HTTP.
import type { FastifyInstance } from 'fastify';
import { createBankServer } from '../src/http/create-bank-server';
import { databaseKind, startTestBank, type TestBank } from './test-bank';

describe(`bank HTTP API on ${databaseKind}`, () => {
  let bank: TestBank;
  let server: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    bank = await startTestBank();
    server = createBankServer({ app: bank.app, db: bank.db });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    await bank?.dispose();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function transferOutcome(transferId: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const { status, body } = await call('GET', `/transfers/${transferId}`);
      if (status === 200 && body['status'] !== 'requested') return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`transfer ${transferId} has no outcome`);
  }

  it('opens accounts, moves money, and reads it back', async () => {
    expect(await call('POST', '/accounts', { accountId: 'alice', owner: 'Alice' })).toMatchObject({ status: 201, body: { streamId: 'account-alice' } });
    expect((await call('POST', '/accounts', { accountId: 'bob', owner: 'Bob' })).status).toBe(201);
    expect((await call('POST', '/accounts/alice/deposits', { amount: 5_000 })).status).toBe(200);
    expect((await call('POST', '/accounts/alice/withdrawals', { amount: 1_000 })).status).toBe(200);
    expect(await call('GET', '/accounts/alice')).toEqual({ status: 200, body: { accountId: 'alice', owner: 'Alice', balance: 4_000, status: 'open' } });

    expect((await call('POST', '/transfers', { transferId: 'tr-1', from: 'alice', to: 'bob', amount: 1_500 })).status).toBe(202);
    expect(await transferOutcome('tr-1')).toMatchObject({ status: 'completed', amount: 1_500 });
    const statement = await call('GET', '/accounts/bob/statement');
    expect(statement.status).toBe(200);
    expect(
      (statement.body['lines'] as { kind: string; amount: number; transferId: string | null }[]).map((line) => [line.kind, line.amount, line.transferId]),
    ).toEqual([
      ['opened', 0, null],
      ['deposit', 1_500, 'tr-1'],
    ]);
  });

  it('shows an account stream as the audit trail, with causation and correlation', async () => {
    await call('POST', '/accounts', { accountId: 'carl', owner: 'Carl' });
    await call('POST', '/accounts/carl/deposits', { amount: 100 });
    await call('POST', '/transfers', { transferId: 'tr-carl', from: 'carl', to: 'alice', amount: 60 });
    await transferOutcome('tr-carl');
    const { status, body } = await call('GET', '/streams/account-carl');
    expect(status).toBe(200);
    const events = body['events'] as {
      type: string;
      version: number;
      correlationId: string | null;
      causationId: string | null;
      metadata: Record<string, unknown>;
    }[];
    expect(events.map((event) => [event.type, event.version])).toEqual([
      ['AccountOpened', 1],
      ['MoneyDeposited', 2],
      ['MoneyWithdrawn', 3],
    ]);
    const withdrawal = events[2]!;
    expect(withdrawal.metadata).toMatchObject({ commandType: 'Withdraw', processManager: 'transfers' });
    const transfer = (await call('GET', '/streams/transfer-tr-carl')).body['events'] as { eventId: string; correlationId: string }[];
    expect(withdrawal.correlationId).toBe(transfer[0]!.correlationId);
    expect(withdrawal.metadata['commandCausationId']).toBe(transfer[0]!.eventId);
  });

  it('answers 400 with the schema issues for invalid input', async () => {
    const { status, body } = await call('POST', '/accounts/alice/deposits', { amount: 'lots' });
    expect(status).toBe(400);
    expect(body['code']).toBe('VALIDATION_FAILED');
    expect(body['issues']).toEqual([expect.objectContaining({ path: ['amount'], code: 'invalid_type' })]);
    expect((await call('POST', '/transfers', { transferId: 'x', from: 'alice', to: 'alice', amount: 1 })).status).toBe(400);
    expect((await call('POST', '/accounts', { accountId: 'nameless' })).status).toBe(400);
  });

  it('answers 409 and 422 with the domain code when a rule refuses', async () => {
    expect(await call('POST', '/accounts', { accountId: 'alice', owner: 'Again' })).toMatchObject({ status: 409, body: { code: 'AccountAlreadyOpen' } });
    expect(await call('POST', '/accounts/alice/withdrawals', { amount: 1_000_000 })).toMatchObject({
      status: 422,
      body: { code: 'InsufficientFunds', details: { requested: 1_000_000 } },
    });
    expect(await call('POST', '/accounts/alice/close')).toMatchObject({ status: 422, body: { code: 'BalanceNotZero' } });
  });

  it('answers 404 for an unknown account, transfer or stream', async () => {
    expect(await call('GET', '/accounts/nobody')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await call('GET', '/accounts/nobody/statement')).toMatchObject({ status: 404 });
    expect(await call('POST', '/accounts/nobody/deposits', { amount: 1 })).toMatchObject({ status: 404, body: { code: 'AccountNotFound' } });
    expect(await call('GET', '/transfers/none')).toMatchObject({ status: 404 });
    expect(await call('GET', '/streams/account-nobody')).toMatchObject({ status: 404 });
  });

  it('executes a request retried with the same Idempotency-Key once', async () => {
    await call('POST', '/accounts', { accountId: 'dora', owner: 'Dora' });
    const headers = { 'idempotency-key': 'deposit-dora-1' };
    const first = await call('POST', '/accounts/dora/deposits', { amount: 700 }, headers);
    const again = await call('POST', '/accounts/dora/deposits', { amount: 700 }, headers);
    expect([first.body['alreadyHandled'], again.body['alreadyHandled']]).toEqual([false, true]);
    expect(first.body['commandId']).toBe('deposit-dora-1');
    expect((await call('GET', '/accounts/dora')).body['balance']).toBe(700);
  });
});
