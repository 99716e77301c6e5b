import { factumConsole } from '@factum/console';
import type { App } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { BankAccount } from '../accounts/bank-account';
import { Transfer } from '../transfers/transfer';
import { registerBankRoutes } from './bank-routes';
import { errorResponse } from './error-response';
import { createIdempotencyKeyTable } from './idempotency-keys';
import { registerOpenApi } from './openapi';
import { registerOperationsRoutes } from './operations-routes';
import { useZodSchemas } from './zod-route-schemas';

export interface BankServerOptions {
  app: App;
  db: SqlClient;
  /** Fastify's request log: a pino logger (the one Factum logs to as well), or off by default (tests, the demo). */
  logger?: FastifyBaseLogger;
  /** How long a write waits for the read models before answering 202 "stored, read models behind". Default: the app's (5 s). */
  consistencyTimeoutMs?: number;
  /**
   * The Factum Console at `/factum`: read-only by default; `allowActions` with a `token` (16
   * characters or more) lets it retry, skip, restart and rebuild. `false` leaves it out.
   */
  console?: false | { allowActions?: boolean; token?: string };
}

/** A fastify server for the bank's API, not yet listening (`inject` works without a port). */
export function createBankServer(options: BankServerOptions): FastifyInstance {
  const server = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Long ids reach the schemas and get a 400 that says why, instead of a 404 from the router.
    routerOptions: { maxParamLength: 2_000 },
    // A malformed URL or content type answers in the API's { code, message } like every other error.
    frameworkErrors: (error, _request, reply) => {
      const response = errorResponse(error);
      void (reply as FastifyReply).code(response.status).send(response.body);
    },
  });
  useZodSchemas(server);
  server.setErrorHandler((error, request, reply) => {
    const response = errorResponse(error);
    if (response.status >= 500) request.log.error(error);
    return reply.code(response.status).send(response.body);
  });
  server.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}; see /docs` }),
  );
  server.register(async () => createIdempotencyKeyTable(options.db));
  registerOpenApi(server);
  if (options.console !== false) {
    server.register(factumConsole, {
      prefix: '/factum',
      app: options.app,
      aggregates: { account: BankAccount, transfer: Transfer },
      ...options.console,
    });
  }
  server.register(async (scope) => {
    registerOperationsRoutes(scope, options);
    registerBankRoutes(scope, options);
  });
  return server;
}
