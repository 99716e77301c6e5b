import type { App } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerBankRoutes } from './bank-routes';
import { errorResponse } from './error-response';

export interface BankServerOptions {
  app: App;
  db: SqlClient;
  /** Fastify's request log; off by default (tests, the demo). */
  logger?: boolean;
}

/** A fastify server for the bank's API, not yet listening (`inject` works without a port). */
export function createBankServer(options: BankServerOptions): FastifyInstance {
  const server = Fastify({ logger: options.logger ?? false });
  server.setErrorHandler((error, request, reply) => {
    const response = errorResponse(error);
    if (response.status >= 500) request.log.error(error);
    return reply.code(response.status).send(response.body);
  });
  registerBankRoutes(server, options);
  return server;
}
