// Draining for `cosmos plugin remove|upgrade --drain`: the instances that use the plugin are
// stopped (and after an upgrade reinstalled and started) by cosmosd, which owns them, through its
// REST API on the unix socket (STATE/cosmosd.sock or $COSMOS_SOCKET).
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { BackendError, type PluginChangeOptions } from '@clickos/core';

function call(socket: string, method: string, path: string, body?: unknown): Promise<unknown> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: socket,
        method,
        path: `/v1${path}`,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          if ((res.statusCode ?? 500) >= 400) {
            fail(new BackendError(`cosmosd: ${String(json.detail ?? json.error ?? res.statusCode)}`));
          } else done(json);
        });
      },
    );
    req.on('error', (err) =>
      fail(new BackendError(`--drain needs cosmosd, which does not answer on ${socket}: ${err.message}`)),
    );
    if (payload) req.write(payload);
    req.end();
  });
}

const seg = (s: string) => encodeURIComponent(s);

/** The part of InstanceManager that draining uses, served by cosmosd. */
export function daemonInstances(
  stateDir: string,
  env: NodeJS.ProcessEnv = process.env,
): NonNullable<PluginChangeOptions['instances']> {
  const socket = env.COSMOS_SOCKET ? resolve(env.COSMOS_SOCKET) : join(stateDir, 'cosmosd.sock');
  const adapter = {
    stop: (name: string) => call(socket, 'POST', `/instances/${seg(name)}/stop`, {}),
    start: (name: string) => call(socket, 'POST', `/instances/${seg(name)}/start`, {}),
    install: (name: string, text: string, options: { definitions?: Record<string, string> }) =>
      call(socket, 'PUT', `/instances/${seg(name)}/config`, { text, definitions: options.definitions ?? {} }),
  };
  return adapter as unknown as NonNullable<PluginChangeOptions['instances']>;
}
