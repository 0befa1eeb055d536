// Bearer-token authentication, for the TCP listener (the unix socket is guarded by its 0600 mode).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Unauthorized } from './errors.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every request must carry `Authorization: Bearer TOKEN` (the OpenAPI document and UI too). */
export function requireToken(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new Unauthorized('missing bearer token (Authorization: Bearer TOKEN)');
    if (!same(m[1], token)) throw new Unauthorized('wrong bearer token');
  });
}
