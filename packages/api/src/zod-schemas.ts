// Route schemas are zod schemas: fastify validates requests with them (one definition, shared
// with the CLI) and @fastify/swagger documents them as JSON Schema.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from './schemas.js';

function describeIssues(error: z.ZodError, part: string): string {
  return error.issues.map((i) => `${[part, ...i.path].join('.')}: ${i.message}`).join('; ');
}

export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zodSchema = schema as unknown as z.ZodType;
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'request');
    return (data: unknown) => {
      const r = zodSchema.safeParse(data);
      if (r.success) return { value: r.data };
      const err = new Error(`invalid ${part === 'params' ? 'path' : part}: ${describeIssues(r.error, part)}`);
      return { error: err };
    };
  });
}

const PARTS = ['body', 'params', 'querystring', 'headers'] as const;

/** @fastify/swagger's transform: each zod part of a route schema as JSON Schema. */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }) {
  if (!schema) return { schema, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of PARTS) {
    const s = (schema as Record<string, unknown>)[part];
    if (s instanceof z.ZodType) {
      const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
      delete (json as Record<string, unknown>).$schema;
      out[part] = json;
    }
  }
  // Every route answers errors the same way (errors.ts): documented once for all.
  out.response = {
    ...((schema as { response?: Record<string, unknown> }).response ?? {}),
    '4xx': { description: 'a bad request: {error, detail}', ...errorJson() },
    '5xx': { description: 'the backend or the daemon failed: {error, detail}', ...errorJson() },
  };
  return { schema: out as FastifySchema, url };
}

let errorJsonCache: Record<string, unknown> | undefined;
function errorJson(): Record<string, unknown> {
  if (!errorJsonCache) {
    errorJsonCache = z.toJSONSchema(ErrorBody, { target: 'openapi-3.0' }) as Record<string, unknown>;
    delete errorJsonCache.$schema;
  }
  return errorJsonCache;
}
