// /v1/plugins: the middlebox plugins the control store knows (installing them is the plugin
// loader's job, which is not written yet; see docs/api.md).
import { NotFound } from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { PluginParams } from '../schemas.js';

export const pluginRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  app.get('/plugins', { schema: { tags: ['plugins'], summary: 'Installed plugins' } }, async () => ({
    plugins: svc.manager.store.plugins(),
  }));
  app.get<{ Params: z.output<typeof PluginParams> }>(
    '/plugins/:name',
    { schema: { tags: ['plugins'], summary: 'One plugin with its manifest', params: PluginParams } },
    async (request) => {
      const found = svc.manager.store.plugins().find((p) => p.name === request.params.name);
      if (!found) throw new NotFound(`no plugin named '${request.params.name}'`);
      return found;
    },
  );
  app.delete<{ Params: z.output<typeof PluginParams> }>(
    '/plugins/:name',
    { schema: { tags: ['plugins'], summary: 'Forget a plugin', params: PluginParams } },
    async (request, reply) => {
      svc.manager.store.removePlugin(request.params.name);
      return reply.status(204).send();
    },
  );
};
