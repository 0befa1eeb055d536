// /v1/instances/:name/handlers/:handler: Click handlers of a running instance, "element.handler"
// or a global one ("config", "version"...). GET reads (optional ?params=), PUT writes {value}.
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { HandlerParams, HandlerQuery, WriteBody } from '../schemas.js';

type Params = z.output<typeof HandlerParams>;

export const handlerRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;

  app.get<{ Params: Params; Querystring: z.output<typeof HandlerQuery> }>(
    '/instances/:name/handlers/:handler',
    {
      schema: {
        tags: ['handlers'],
        summary: 'Read a handler',
        params: HandlerParams,
        querystring: HandlerQuery,
      },
    },
    async (request) => {
      const { name, handler } = request.params;
      const value = await svc.manager.read(name, handler, request.query.params);
      return { name, handler, value };
    },
  );

  app.put<{ Params: Params; Body: z.output<typeof WriteBody> }>(
    '/instances/:name/handlers/:handler',
    { schema: { tags: ['handlers'], summary: 'Write a handler', params: HandlerParams, body: WriteBody } },
    async (request) => {
      const { name, handler } = request.params;
      const warnings = await svc.manager.write(name, handler, request.body.value);
      return { name, handler, warnings };
    },
  );
};
