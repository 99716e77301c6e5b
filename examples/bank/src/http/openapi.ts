// The OpenAPI document at /openapi.json and a docs page at /docs, generated from the routes' zod
// schemas by @fastify/swagger and served by @fastify/swagger-ui.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { zodToOpenApi } from './zod-route-schemas';

/** Registers on `server` itself, not in a plugin scope of its own: swagger must see every route. */
export function registerOpenApi(server: FastifyInstance): void {
  void server.register(swagger, {
    openapi: {
      info: {
        title: 'Factum bank',
        version: '0.1.0',
        description:
          'Accounts, deposits, withdrawals and transfers, event-sourced with Factum. Amounts are integer cents. ' +
          'Every error answers { code, message }. Writes accept an Idempotency-Key header.',
      },
    },
    transform: zodToOpenApi,
  });
  void server.register(swaggerUi, { routePrefix: '/docs' });
  server.get('/openapi.json', { schema: { hide: true } }, () => server.swagger());
}
