// /v1/instances: create, list, inspect, start, stop, suspend, resume, destroy; stats and logs.
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { CreateSpec, InstanceParams, LogsQuery, StartBody } from '../schemas.js';

type Params = z.output<typeof InstanceParams>;

export const instanceRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;

  app.get('/instances', { schema: { tags: ['instances'], summary: 'List instances' } }, async () => ({
    instances: svc.manager.list(),
  }));

  app.post(
    '/instances',
    { schema: { tags: ['instances'], summary: 'Create an instance (stopped)', body: CreateSpec } },
    async (request, reply) => {
      const info = await svc.manager.create(request.body as z.output<typeof CreateSpec>);
      return reply.status(201).send(info);
    },
  );

  app.get<{ Params: Params }>(
    '/instances/:name',
    { schema: { tags: ['instances'], summary: 'One instance', params: InstanceParams } },
    async (request) => svc.manager.get(request.params.name),
  );

  app.delete<{ Params: Params }>(
    '/instances/:name',
    { schema: { tags: ['instances'], summary: 'Stop and destroy an instance', params: InstanceParams } },
    async (request, reply) => {
      await svc.manager.destroy(request.params.name);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Params; Body: z.output<typeof StartBody> }>(
    '/instances/:name/start',
    {
      schema: {
        tags: ['instances'],
        summary: 'Install a configuration if one is given, then run the instance',
        params: InstanceParams,
        body: StartBody,
      },
    },
    async (request) => {
      const { name } = request.params;
      const body = request.body ?? { definitions: {} };
      let installed: unknown;
      if (body.text !== undefined) {
        // Stored first (checked: a ConfigError changes nothing); a running instance hot-swaps.
        installed = await svc.manager.install(name, body.text, {
          definitions: body.definitions,
          ...(body.filename ? { filename: body.filename } : {}),
        });
      }
      const stopped = svc.manager.get(name).status === 'stopped';
      const info = stopped
        ? await svc.timedBoot(name, () => svc.manager.start(name))
        : await svc.manager.start(name);
      return { ...info, ...(installed ? { installed } : {}) };
    },
  );

  for (const op of ['stop', 'suspend', 'resume'] as const) {
    app.post<{ Params: Params }>(
      `/instances/:name/${op}`,
      {
        schema: {
          tags: ['instances'],
          summary: `${op[0]?.toUpperCase()}${op.slice(1)} the instance`,
          params: InstanceParams,
        },
      },
      async (request) => svc.manager[op](request.params.name),
    );
  }

  app.get<{ Params: Params }>(
    '/instances/:name/stats',
    { schema: { tags: ['instances'], summary: 'Process and port statistics', params: InstanceParams } },
    async (request) => {
      const name = request.params.name;
      const stats = await svc.manager.stats(name);
      return { name, ...stats };
    },
  );

  app.get<{ Params: Params; Querystring: z.output<typeof LogsQuery> }>(
    '/instances/:name/logs',
    {
      schema: {
        tags: ['instances'],
        summary: 'The last lines of the instance log',
        params: InstanceParams,
        querystring: LogsQuery,
      },
    },
    async (request) => ({
      name: request.params.name,
      lines: svc.logs(request.params.name, request.query.lines),
    }),
  );
};
