// /v1/instances/:name/config: install (ClickOS's "install" entry: stored, then hot-swapped into
// the running instance) and read back the configuration an instance runs; its versions.
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { InstallBody, InstanceParams } from '../schemas.js';

type Params = z.output<typeof InstanceParams>;

export const configRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;

  app.put<{ Params: Params; Body: z.output<typeof InstallBody> }>(
    '/instances/:name/config',
    {
      schema: {
        tags: ['configs'],
        summary: 'Install a configuration (checked; hot-swapped when the instance runs)',
        params: InstanceParams,
        body: InstallBody,
      },
    },
    async (request) => {
      const { name } = request.params;
      const { text, definitions, filename, restart } = request.body;
      const result = await svc.manager.install(name, text, {
        definitions,
        restart,
        ...(filename ? { filename } : {}),
      });
      return { name, ...result };
    },
  );

  app.get<{ Params: Params }>(
    '/instances/:name/config',
    {
      schema: {
        tags: ['configs'],
        summary: 'The configuration the instance runs (or will run)',
        params: InstanceParams,
      },
    },
    async (request) => {
      const { name } = request.params;
      const config = svc.manager.config(name);
      return { name, config: config ?? null, versions: svc.manager.store.configVersions(name) };
    },
  );
};
