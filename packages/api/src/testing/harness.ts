// Test support (not part of the package): a cosmosd server over a throw-away state directory,
// driven with fastify's inject, with real instances and a real switch when they are built
// ($CLICKOS_BUILD_DIR/bin, default native/build/bin).
import { existsSync, mkdtempSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { program } from '../../../core/src/testing/programs.js';
import { Services } from '../daemon/services.js';
import { createMetrics } from '../metrics.js';
import { buildServer } from '../server.js';

export const instanceBinary = program('clickos-instance');
export const switchBinary = program('clickos-switch');

export interface TestServer {
  app: FastifyInstance;
  services: Services;
  dir: string;
  close(): Promise<void>;
}

/** A server over a new state directory; with `withSwitch`, the daemon starts a switch of its own. */
export async function openTestServer(
  options: { token?: string; withSwitch?: boolean; bodyLimit?: number } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'clickos-api-'));
  const cgroupParent = `clickos-api-test-${process.pid}-${dir.slice(-6)}`;
  if (options.withSwitch && switchBinary) process.env.CLICKOS_SWITCH_BIN = switchBinary;
  const services = await Services.open({
    stateDir: dir,
    noSwitch: !options.withSwitch,
    cgroupParent,
    manager: {
      ...(instanceBinary ? { process: { binary: instanceBinary } } : {}),
      backoff: { initialMs: 50, maxMs: 400, resetAfterMs: 60_000 },
      watchdog: { intervalMs: 0 },
    },
  });
  const app = await buildServer({
    services,
    metrics: createMetrics(services),
    ...(options.token ? { token: options.token } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  return {
    app,
    services,
    dir,
    async close() {
      await app.close();
      // Instances' cgroups outlive their runs until they are destroyed.
      for (const i of services.manager.list()) await services.manager.destroy(i.name).catch(() => undefined);
      await services.close({ stopInstances: true, stopSwitch: true });
      for (const c of ['memory', 'cpu', 'freezer']) removeCgroupParent(c, cgroupParent);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The instances' groups go under this process's own group of each controller (see core's cgroups.ts).
function removeCgroupParent(controller: string, parent: string): void {
  const line = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[1]?.split(',').includes(controller));
  const own = line?.split(':')[2];
  if (own === undefined) return;
  const dir = join('/sys/fs/cgroup', controller, own, parent);
  try {
    if (existsSync(dir)) rmdirSync(dir);
  } catch {
    // still has groups (a failed test): left for inspection
  }
}

/** JSON request helper over inject. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r = await app.inject({
    method,
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests look into whatever JSON came back
  let json: any;
  try {
    json = r.body ? JSON.parse(r.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, json, text: r.body, headers: r.headers };
}
