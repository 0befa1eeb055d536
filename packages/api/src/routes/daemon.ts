// /v1/daemon: who answers (pid, version, state directory, switch), shutdown; /v1/backup and
// /v1/restore of the control store.
import { isAbsolute } from 'node:path';
import { UsageError } from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { BackupBody, ShutdownBody } from '../schemas.js';

export const daemonRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  const tags = ['daemon'];

  app.get('/daemon', { schema: { tags, summary: 'The daemon and what it runs' } }, async () => ({
    pid: process.pid,
    version: app.cosmosVersion,
    stateDir: svc.stateDir,
    ...svc.listening,
    uptimeSeconds: (Date.now() - svc.startedAt) / 1000,
    instances: svc.manager.list().length,
    switch: svc.switchStatus,
  }));

  app.post<{ Body: z.output<typeof ShutdownBody> }>(
    '/daemon/shutdown',
    {
      schema: {
        tags,
        summary: 'Stop the daemon (instances keep running unless stopInstances)',
        body: ShutdownBody,
      },
    },
    async (request, reply) => {
      const options = request.body ?? { stopInstances: false, stopSwitch: false };
      reply.raw.once('finish', () => app.shutdown(options));
      return reply.status(202).send({ stopping: true, pid: process.pid, ...options });
    },
  );

  app.post<{ Body: z.output<typeof BackupBody> }>(
    '/backup',
    { schema: { tags, summary: 'Write a consistent copy of the control store', body: BackupBody } },
    async (request) => {
      if (!isAbsolute(request.body.file)) throw new UsageError('the backup file must be an absolute path');
      await svc.manager.backup(request.body.file);
      return { file: request.body.file };
    },
  );

  app.post<{ Body: z.output<typeof BackupBody> }>(
    '/restore',
    {
      schema: {
        tags,
        summary:
          'Replace the control store with a backup (instances are stopped, then what it wants running starts)',
        body: BackupBody,
      },
    },
    async (request) => {
      await svc.restore(request.body.file);
      return { file: request.body.file, instances: svc.manager.list() };
    },
  );
};
