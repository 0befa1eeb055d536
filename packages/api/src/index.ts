// @clickos/api: cosmosd, the ClickOS daemon (fastify), and what the CLI shares with it.
export { API_VERSION, buildServer, type ServerOptions } from './server.js';
export { errorBody, httpStatusFor } from './errors.js';
export { createMetrics } from './metrics.js';
export { Services, type ServicesOptions } from './daemon/services.js';
export {
  parseTcpAddress,
  readToken,
  runDaemon,
  type DaemonOptions,
  type RunningDaemon,
} from './daemon/listen.js';
export { findSwitchBinary } from './daemon/switch-process.js';
export * from './paths.js';
export * as schemas from './schemas.js';
