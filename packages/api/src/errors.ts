// The one mapping of @clickos/core's typed errors to HTTP statuses and error bodies
// ({error, detail}, plus diagnostics for configurations), installed on every server.
import {
  BackendError,
  ClickOSError,
  ConfigError,
  Conflict,
  HandlerError,
  NotFound,
  UsageError,
} from '@clickos/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBodyValue } from './schemas.js';

/** Errors the API adds to core's codes. */
export type ApiErrorCode = 'UNAUTHORIZED' | 'TOO_LARGE';

export class Unauthorized extends Error {
  readonly code = 'UNAUTHORIZED';
}

export function httpStatusFor(err: unknown): number {
  if (err instanceof ConfigError) return 422;
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  if (err instanceof HandlerError || err instanceof UsageError) return 400;
  if (err instanceof BackendError) return 502;
  if (err instanceof ClickOSError) return err.code === 'CONFLICT' ? 409 : err.code === 'USAGE' ? 400 : 500;
  if (err instanceof Unauthorized) return 401;
  return 500;
}

export function errorBody(err: unknown): ErrorBodyValue & Record<string, unknown> {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError) return { error: err.code, detail, diagnostics: err.diagnostics };
  if (err instanceof HandlerError) return { error: err.code, detail, status: err.status, lines: err.lines };
  if (err instanceof ClickOSError) return { error: err.code, detail };
  if (err instanceof Unauthorized) return { error: err.code, detail };
  return { error: 'INTERNAL', detail };
}

/** Fastify's own request errors (bad JSON, too large, wrong content type) as ours. */
function requestError(err: FastifyError): { status: number; body: ErrorBodyValue } | undefined {
  if (err.validation) {
    return { status: 400, body: { error: 'USAGE', detail: err.message } };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { error: 'TOO_LARGE', detail: err.message } };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 && err.code) {
    return { status: err.statusCode, body: { error: 'USAGE', detail: err.message } };
  }
  return undefined;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = requestError(err);
    if (known) return reply.status(known.status).send(known.body);
    const status = httpStatusFor(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.status(status).send(errorBody(err));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'NOT_FOUND', detail: `no route ${request.method} ${request.url}` }),
  );
}
