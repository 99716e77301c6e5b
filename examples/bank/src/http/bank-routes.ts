// The bank's JSON API. Writes dispatch commands (waiting for the read models, so a read right
// after a write sees it); reads come from the read models, and /streams shows the raw events.
import type { AnyCommandDefinition, App, Command, DispatchOptions } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CloseAccount, Deposit, OpenAccount, Withdraw } from '../accounts/account-messages';
import { queryBalances, queryStatement, queryTransfer } from '../read-models/postgres/read-model-tables';
import { RequestTransfer } from '../transfers/transfer-messages';
import { notFound } from './error-response';

export interface BankRoutesOptions {
  app: App;
  db: SqlClient;
}

type Params = { id: string };

/** The JSON body as an object; anything else becomes `{}` and the command's schema reports what is missing. */
function body(request: FastifyRequest): Record<string, unknown> {
  const value: unknown = request.body;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A command from request data as it came: dispatch validates it with the command's schema (400 when wrong). */
function unchecked(definition: AnyCommandDefinition, data: Record<string, unknown>): Command {
  return { type: definition.type, data };
}

/** The Idempotency-Key header is the command id: a retried request is not executed twice. */
function dispatchOptions(request: FastifyRequest): DispatchOptions {
  const key = request.headers['idempotency-key'];
  return { consistency: 'strong', ...(typeof key === 'string' && key.length > 0 ? { commandId: key } : {}) };
}

export function registerBankRoutes(server: FastifyInstance, { app, db }: BankRoutesOptions): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, command: Command, status: number): Promise<unknown> => {
    const result = await app.dispatch(command, dispatchOptions(request));
    return reply.code(status).send({ streamId: result.streamId, version: result.version, commandId: result.commandId, alreadyHandled: result.alreadyHandled });
  };
  const account = async (accountId: string) => (await queryBalances(db)).find((row) => row.accountId === accountId);

  server.post('/accounts', (request, reply) => send(request, reply, unchecked(OpenAccount, body(request)), 201));
  server.post<{ Params: Params }>('/accounts/:id/deposits', (request, reply) =>
    send(request, reply, unchecked(Deposit, { ...body(request), accountId: request.params.id }), 200),
  );
  server.post<{ Params: Params }>('/accounts/:id/withdrawals', (request, reply) =>
    send(request, reply, unchecked(Withdraw, { ...body(request), accountId: request.params.id }), 200),
  );
  server.post<{ Params: Params }>('/accounts/:id/close', (request, reply) => send(request, reply, CloseAccount({ accountId: request.params.id }), 200));
  // Accepted, not done: the process manager moves the money; poll GET /transfers/:id for the outcome.
  server.post('/transfers', (request, reply) => send(request, reply, unchecked(RequestTransfer, body(request)), 202));

  server.get<{ Params: Params }>('/accounts/:id', async (request, reply) => {
    const row = await account(request.params.id);
    if (!row) return reply.code(404).send(notFound(`account ${request.params.id}`).body);
    return row;
  });
  server.get<{ Params: Params }>('/accounts/:id/statement', async (request, reply) => {
    if (!(await account(request.params.id))) return reply.code(404).send(notFound(`account ${request.params.id}`).body);
    return { accountId: request.params.id, lines: await queryStatement(db, request.params.id) };
  });
  server.get<{ Params: Params }>('/transfers/:id', async (request, reply) => {
    const row = await queryTransfer(db, request.params.id);
    if (!row) return reply.code(404).send(notFound(`transfer ${request.params.id}`).body);
    return row;
  });
  // The audit trail: a stream's events exactly as stored, with their causation, correlation and metadata.
  server.get<{ Params: Params }>('/streams/:id', async (request, reply) => {
    const events = [];
    for await (const event of app.store.readStream(request.params.id)) events.push({ ...event, position: String(event.position) });
    if (events.length === 0) return reply.code(404).send(notFound(`stream ${request.params.id}`).body);
    return { streamId: request.params.id, events };
  });
}
