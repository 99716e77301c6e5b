// What a load balancer or an orchestrator asks: is the process alive (/health), and can it serve
// (/ready: the database answers and no subscriber is stopped, so the read models will catch up).
import type { App } from '@factum/core';
import type { SqlClient } from '@factum/postgres';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const Subscriber = z.object({ name: z.string(), state: z.string(), lag: z.number().int().nullable() });

export function registerOperationsRoutes(server: FastifyInstance, { app, db }: { app: App; db: SqlClient }): void {
  server.get(
    '/health',
    { schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({
      status: 'ok',
    }),
  );

  server.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers and every subscriber runs',
        response: {
          200: z.object({ status: z.literal('ready'), subscribers: z.array(Subscriber) }),
          503: z.object({ code: z.literal('NOT_READY'), message: z.string(), subscribers: z.array(Subscriber) }),
        },
      },
    },
    async (_request, reply) => {
      let databaseProblem: string | null = null;
      try {
        await db.query('select 1');
      } catch (error) {
        databaseProblem = error instanceof Error ? error.message : String(error);
      }
      const subscribers = (await app.subscribers.status()).map(({ name, state, lag }) => ({ name, state, lag }));
      const halted = subscribers.filter((subscriber) => subscriber.state === 'stopped' || subscriber.state === 'idle');
      if (databaseProblem === null && halted.length === 0) return { status: 'ready', subscribers };
      const problems = [
        ...(databaseProblem === null ? [] : [`the database does not answer (${databaseProblem})`]),
        ...halted.map((subscriber) => `subscriber ${subscriber.name} is ${subscriber.state}`),
      ];
      return reply.code(503).send({ code: 'NOT_READY', message: problems.join('; '), subscribers });
    },
  );
}
