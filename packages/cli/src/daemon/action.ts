// The body of every command that talks to cosmosd: the daemon is reached (and started when
// absent) at the first request, so a command whose arguments are wrong never starts it; errors
// are reported the one way (report.ts).
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { run } from '../report.js';
import type { DaemonClient } from './client.js';
import { connect } from './connect.js';

/** The calls commands make; connects on first use. */
export type Client = Pick<DaemonClient, 'call' | 'stream'>;

function lazyClient(command: Command): Client {
  let connected: Promise<DaemonClient> | undefined;
  const get = () => {
    connected ??= connect(command);
    return connected;
  };
  return {
    call: async (method, path, body) => (await get()).call(method, path, body),
    stream: async (path, onEvent, signal) => (await get()).stream(path, onEvent, signal),
  } as Client;
}

export function withDaemon(
  ctx: CliContext,
  command: Command,
  json: boolean | undefined,
  body: (client: Client) => Promise<number> | number,
): Promise<void> {
  return run(ctx, json, () => body(lazyClient(command)));
}

/** Path segment of an instance or handler name. */
export const seg = (s: string | number) => encodeURIComponent(String(s));
