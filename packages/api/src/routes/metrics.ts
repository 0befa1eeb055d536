// /metrics: Prometheus text exposition of the daemon's registry (see ../metrics.ts).
import type { FastifyPluginAsync } from 'fastify';

export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/metrics',
    { schema: { tags: ['metrics'], summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      const text = await app.metrics.metrics();
      return reply.type(app.metrics.contentType).send(text);
    },
  );
};
