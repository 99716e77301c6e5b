// The bank's JSON API. Writes dispatch commands (waiting for the read models, so a read right
// after a write sees it); reads come from the read models, and /streams shows the raw events.
// Every route declares its schemas in zod (request-schemas.ts): fastify refuses a bad request
// with 400 before a handler runs, and the OpenAPI document is generated from the same schemas.
import { ConsistencyTimeoutError, isRefusal, SubscriberStoppedError, type App, type Command } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CloseAccount, Deposit, OpenAccount, Withdraw } from '../accounts/account-messages';
import { listAccounts, listTransfers, queryAccount, queryStatement, queryTransfer } from '../read-models/postgres/read-model-tables';
import { RequestTransfer } from '../transfers/transfer-messages';
import { notFound } from './error-response';
import { claimIdempotencyKey, requestFingerprint } from './idempotency-keys';
import {
  AccountListQuery,
  AccountParams,
  AmountBody,
  IdempotencyHeaders,
  LookupParams,
  OpenAccountBody,
  StreamQuery,
  TransferBody,
  TransferListQuery,
  WithdrawalBody,
} from './request-schemas';
import { Balance, CommandAnswer, ErrorBody, page, StatementAnswer, StoredButBehind, StreamAnswer, Transfer } from './response-schemas';

export interface BankRoutesOptions {
  app: App;
  db: SqlClient;
  /** How long a write waits for the read models before answering 202 "stored, read models behind". Default: the app's. */
  consistencyTimeoutMs?: number;
}

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const writeSchema = (summary: string, status: number, extra: object) => ({
  tags: ['commands'],
  summary,
  headers: IdempotencyHeaders,
  response: { [status]: CommandAnswer, ...(status === 202 ? {} : { 202: StoredButBehind }), ...errors },
  ...extra,
});

export function registerBankRoutes(server: FastifyInstance, { app, db, consistencyTimeoutMs }: BankRoutesOptions): void {
  /**
   * Dispatches with strong consistency; the Idempotency-Key, when given, is the command id and is
   * bound to this request (a different request under it is refused with 422).
   */
  const execute = async (request: FastifyRequest, reply: FastifyReply, command: Command, status: number): Promise<unknown> => {
    const key = (request.headers as z.infer<typeof IdempotencyHeaders>)['idempotency-key'];
    const claim = key
      ? await claimIdempotencyKey(db, key, requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.params, request.body))
      : null;
    try {
      const result = await app.dispatch(command, {
        consistency: 'strong',
        ...(consistencyTimeoutMs === undefined ? {} : { timeoutMs: consistencyTimeoutMs }),
        ...(key ? { commandId: key } : {}),
      });
      return reply
        .code(status)
        .send({ streamId: result.streamId, version: result.version, commandId: result.commandId, alreadyHandled: result.alreadyHandled });
    } catch (error) {
      // The command succeeded; only the read models are late. A 5xx would invite a resend.
      if (error instanceof ConsistencyTimeoutError || error instanceof SubscriberStoppedError) {
        return reply.code(202).send({ code: error.code, message: error.message, stored: true, streamId: error.streamId });
      }
      // Refused: nothing was executed under the key, so it is free for another request.
      if (claim && isRefusal(error)) await claim.release();
      throw error;
    }
  };

  server.post<{ Body: z.infer<typeof OpenAccountBody> }>(
    '/accounts',
    { schema: writeSchema('Open an account', 201, { body: OpenAccountBody }) },
    (request, reply) => execute(request, reply, OpenAccount(request.body), 201),
  );
  server.post<{ Params: z.infer<typeof AccountParams>; Body: z.infer<typeof AmountBody> }>(
    '/accounts/:id/deposits',
    { schema: writeSchema('Deposit money (cents)', 200, { params: AccountParams, body: AmountBody }) },
    (request, reply) => execute(request, reply, Deposit({ accountId: request.params.id, amount: request.body.amount }), 200),
  );
  server.post<{ Params: z.infer<typeof AccountParams>; Body: z.infer<typeof WithdrawalBody> }>(
    '/accounts/:id/withdrawals',
    { schema: writeSchema('Withdraw money (cents); never below zero', 200, { params: AccountParams, body: WithdrawalBody }) },
    (request, reply) => execute(request, reply, Withdraw({ accountId: request.params.id, amount: request.body.amount }), 200),
  );
  server.post<{ Params: z.infer<typeof AccountParams> }>(
    '/accounts/:id/close',
    { schema: writeSchema('Close an account that holds nothing', 200, { params: AccountParams }) },
    (request, reply) => execute(request, reply, CloseAccount({ accountId: request.params.id }), 200),
  );
  // Accepted, not done: the process manager moves the money; poll GET /transfers/:id for the outcome.
  server.post<{ Body: z.infer<typeof TransferBody> }>(
    '/transfers',
    { schema: writeSchema('Request a transfer; the outcome shows on GET /transfers/:id', 202, { body: TransferBody }) },
    (request, reply) => execute(request, reply, RequestTransfer(request.body), 202),
  );

  server.get<{ Querystring: z.infer<typeof AccountListQuery> }>(
    '/accounts',
    {
      schema: { tags: ['reads'], summary: 'Accounts by id, a page at a time', querystring: AccountListQuery, response: { 200: page(Balance), 400: ErrorBody } },
    },
    (request) => listAccounts(db, request.query),
  );
  server.get<{ Params: z.infer<typeof LookupParams> }>(
    '/accounts/:id',
    { schema: { tags: ['reads'], summary: 'Balance and status', params: LookupParams, response: { 200: Balance, ...errors } } },
    async (request, reply) => {
      const row = await queryAccount(db, request.params.id);
      if (!row) return reply.code(404).send(notFound(`account ${request.params.id}`).body);
      return row;
    },
  );
  server.get<{ Params: z.infer<typeof LookupParams> }>(
    '/accounts/:id/statement',
    { schema: { tags: ['reads'], summary: 'Every movement with the balance after it', params: LookupParams, response: { 200: StatementAnswer, ...errors } } },
    async (request, reply) => {
      if (!(await queryAccount(db, request.params.id))) return reply.code(404).send(notFound(`account ${request.params.id}`).body);
      return { accountId: request.params.id, lines: await queryStatement(db, request.params.id) };
    },
  );
  server.get<{ Querystring: z.infer<typeof TransferListQuery> }>(
    '/transfers',
    {
      schema: {
        tags: ['reads'],
        summary: 'Transfers by id, a page at a time, optionally of one status',
        querystring: TransferListQuery,
        response: { 200: page(Transfer), 400: ErrorBody },
      },
    },
    (request) => listTransfers(db, request.query),
  );
  server.get<{ Params: z.infer<typeof LookupParams> }>(
    '/transfers/:id',
    { schema: { tags: ['reads'], summary: 'Where a transfer stands', params: LookupParams, response: { 200: Transfer, ...errors } } },
    async (request, reply) => {
      const row = await queryTransfer(db, request.params.id);
      if (!row) return reply.code(404).send(notFound(`transfer ${request.params.id}`).body);
      return row;
    },
  );
  // The audit trail: a stream's events exactly as stored, with their causation, correlation and metadata.
  server.get<{ Params: z.infer<typeof LookupParams>; Querystring: z.infer<typeof StreamQuery> }>(
    '/streams/:id',
    {
      schema: {
        tags: ['audit'],
        summary: "A stream's events as stored, a page at a time",
        params: LookupParams,
        querystring: StreamQuery,
        response: { 200: StreamAnswer, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { fromVersion, limit } = request.query;
      const version = await app.store.streamVersion(id);
      if (version === 0) return reply.code(404).send(notFound(`stream ${id}`).body);
      const events = [];
      for await (const event of app.store.readStream(id, { fromVersion, limit })) events.push({ ...event, position: String(event.position) });
      const last = fromVersion + events.length - 1;
      return { streamId: id, events, next: events.length === limit && last < version ? last + 1 : null };
    },
  );
}
