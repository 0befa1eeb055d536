// One cosmosd server: fastify with pino logs, zod-validated routes (one plugin per resource),
// the error mapping, the OpenAPI document (/openapi.json) and its UI (/docs), and /metrics.
// The daemon builds one per listener (unix socket; TCP with a token) over the same Services.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Registry } from 'prom-client';
import { requireToken } from './auth.js';
import type { Services } from './daemon/services.js';
import { installErrorHandling } from './errors.js';
import { chainApplyRoutes } from './routes/chain-apply.js';
import { chainRoutes } from './routes/chains.js';
import { configRoutes } from './routes/configs.js';
import { daemonRoutes } from './routes/daemon.js';
import { eventRoutes } from './routes/events.js';
import { handlerRoutes } from './routes/handlers.js';
import { instanceRoutes } from './routes/instances.js';
import { metricsRoutes } from './routes/metrics.js';
import { pluginRoutes } from './routes/plugins.js';
import { switchRoutes } from './routes/switches.js';
import { useZodSchemas, zodToOpenApi } from './zod-schemas.js';

export const API_VERSION = 'v1';

declare module 'fastify' {
  interface FastifyInstance {
    cosmos: Services;
    metrics: Registry;
    cosmosVersion: string;
    /** Called by POST /v1/daemon/shutdown once the answer is sent. */
    shutdown: (options: { stopInstances: boolean; stopSwitch: boolean }) => void;
  }
}

export interface ServerOptions {
  services: Services;
  metrics: Registry;
  /** Require this bearer token on every request (the TCP listener). */
  token?: string;
  /** Largest request body; default 1 MiB. */
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  shutdown?: (options: { stopInstances: boolean; stopSwitch: boolean }) => void;
  version?: string;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1 << 20,
    // Instances are named in the path; a trailing slash means the same.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('cosmos', options.services);
  app.decorate('metrics', options.metrics);
  app.decorate('cosmosVersion', options.version ?? '0.0.0');
  app.decorate('shutdown', options.shutdown ?? (() => undefined));
  installErrorHandling(app);
  useZodSchemas(app);
  if (options.token !== undefined) requireToken(app, options.token);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'cosmosd',
        description: 'The ClickOS daemon: instances, configurations, handlers, switches, events, metrics.',
        version: options.version ?? '0.0.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: zodToOpenApi,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const prefix = `/${API_VERSION}`;
  await app.register(instanceRoutes, { prefix });
  await app.register(configRoutes, { prefix });
  await app.register(handlerRoutes, { prefix });
  await app.register(switchRoutes, { prefix });
  await app.register(pluginRoutes, { prefix });
  await app.register(chainRoutes, { prefix });
  await app.register(chainApplyRoutes, { prefix });
  await app.register(eventRoutes, { prefix });
  await app.register(daemonRoutes, { prefix });
  await app.register(metricsRoutes);
  return app;
}
