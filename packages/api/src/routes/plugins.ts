// /v1/plugins: the middlebox plugins of the daemon's state directory (STATE/plugins and the
// control store), through @clickos/core's PluginRegistry: install (built and checked first,
// nothing changes on failure), upgrade, remove (refused while instances use the plugin,
// unless they are drained), and what is installed.
import { join } from 'node:path';
import { PluginRegistry } from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { PluginParams, PluginRemoveQuery, PluginSource } from '../schemas.js';

export const pluginRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  const registry = () => new PluginRegistry({ store: svc.manager.store, dir: join(svc.stateDir, 'plugins') });
  const record = (name: string) => {
    const p = registry().get(name);
    return {
      name: p.manifest.name,
      version: p.manifest.version,
      manifest: p.manifest,
      path: p.path,
      installedAt: p.installedAt,
      instances: registry().users(name).all,
    };
  };

  app.get('/plugins', { schema: { tags: ['plugins'], summary: 'Installed plugins' } }, async () => ({
    plugins: svc.manager.store.plugins(),
  }));
  app.get<{ Params: z.output<typeof PluginParams> }>(
    '/plugins/:name',
    {
      schema: {
        tags: ['plugins'],
        summary: 'One plugin with its manifest and the instances using it',
        params: PluginParams,
      },
    },
    async (request) => record(request.params.name),
  );
  app.post<{ Body: z.output<typeof PluginSource> }>(
    '/plugins',
    {
      schema: {
        tags: ['plugins'],
        summary: 'Install a plugin (validated, built and checked first)',
        body: PluginSource,
      },
    },
    async (request, reply) => {
      const p = await registry().install(request.body.source);
      return reply.status(201).send(record(p.manifest.name));
    },
  );
  app.post<{ Params: z.output<typeof PluginParams>; Body: z.output<typeof PluginSource> }>(
    '/plugins/:name/upgrade',
    {
      schema: {
        tags: ['plugins'],
        summary: 'Replace an installed plugin with another version (drain: restart its instances on it)',
        params: PluginParams,
        body: PluginSource,
      },
    },
    async (request) => {
      const reg = registry();
      const before = reg.get(request.params.name);
      const p = await reg.upgrade(request.body.source, {
        name: request.params.name,
        drain: request.body.drain,
        instances: svc.manager,
      });
      return { ...record(p.manifest.name), previousVersion: before.manifest.version };
    },
  );
  app.delete<{ Params: z.output<typeof PluginParams>; Querystring: z.output<typeof PluginRemoveQuery> }>(
    '/plugins/:name',
    {
      schema: {
        tags: ['plugins'],
        summary: 'Remove a plugin (refused while instances use it, unless ?drain=true stops them)',
        params: PluginParams,
        querystring: PluginRemoveQuery,
      },
    },
    async (request) => {
      const r = await registry().remove(request.params.name, {
        drain: request.query.drain === 'true',
        instances: svc.manager,
      });
      return { removed: request.params.name, drained: r.drained };
    },
  );
};
