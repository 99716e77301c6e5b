// Routes declare their schemas in zod. Fastify validates requests with them (so what is refused
// is refused by the same schemas the commands use), and @fastify/swagger documents them as JSON
// Schema. Replies are serialised with JSON.stringify: the schemas describe them, never filter them.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { RequestValidationError, type RequestIssue } from './request-validation-error';

const PARTS = ['params', 'querystring', 'headers', 'body'] as const;

function isZod(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

export function useZodSchemas(server: FastifyInstance): void {
  server.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZod(schema)) throw new Error(`route schema for ${String(httpPart)} is not a zod schema`);
    const part = (PARTS as readonly string[]).includes(httpPart ?? '') ? (httpPart as RequestIssue['in']) : 'body';
    return (data: unknown) => {
      const result = schema.safeParse(data);
      return result.success ? { value: result.data } : { error: new RequestValidationError(part, result.error.issues) };
    };
  });
  server.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

/** A zod schema as JSON Schema for the OpenAPI document; checks JSON Schema cannot express are left to the prose. */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}

/** @fastify/swagger's `transform`: the route's zod schemas, as JSON Schema. */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (!schema) return { schema, url };
  const converted: Record<string, unknown> = { ...schema };
  for (const part of PARTS) {
    const value = (schema as Record<string, unknown>)[part];
    if (isZod(value)) converted[part] = toJsonSchema(value, 'input');
  }
  const response = (schema as { response?: Record<string, unknown> }).response;
  if (response) {
    converted['response'] = Object.fromEntries(
      Object.entries(response).map(([status, value]) => [status, isZod(value) ? toJsonSchema(value, 'output') : value]),
    );
  }
  return { schema: converted as FastifySchema, url };
}
