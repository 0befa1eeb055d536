// Finding cosmosd: --url/COSMOS_URL (loopback TCP, with --token-file/COSMOS_TOKEN_FILE or
// COSMOS_TOKEN), else the unix socket (--socket, $COSMOS_SOCKET, or STATE/cosmosd.sock with
// STATE from --state or $COSMOS_STATE_DIR). Commands that need the daemon start it when nothing
// answers on the socket, so that one process owns every instance and its restarts.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { BackendError, ExitCode, UsageError } from '@clickos/core';
import { defaultSocket, defaultStateDir, stateFiles } from '@clickos/api/paths';
import type { Command } from 'commander';
import { DaemonClient, type Endpoint, Unreachable } from './client.js';

export interface GlobalOptions {
  state?: string;
  socket?: string;
  url?: string;
  tokenFile?: string;
  autostart?: boolean;
}

export interface Target {
  endpoint: Endpoint;
  stateDir: string;
  autostart: boolean;
}

export function targetOf(command: Command, env: NodeJS.ProcessEnv = process.env): Target {
  const o = command.optsWithGlobals() as GlobalOptions;
  const stateDir = o.state ? resolve(o.state) : defaultStateDir(env);
  const url = o.url ?? env.COSMOS_URL;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`invalid --url '${url}': expected http://HOST:PORT`);
    }
    if (parsed.protocol !== 'http:')
      throw new UsageError(`invalid --url '${url}': only http:// on loopback is served`);
    const tokenFile = o.tokenFile ?? env.COSMOS_TOKEN_FILE;
    let token = env.COSMOS_TOKEN ?? '';
    if (tokenFile) {
      try {
        token = readFileSync(tokenFile, 'utf8').trim();
      } catch (err) {
        throw new UsageError(`cannot read the token file ${tokenFile}: ${(err as Error).message}`);
      }
    }
    if (!token)
      throw new UsageError('--url needs a token: --token-file FILE, COSMOS_TOKEN_FILE or COSMOS_TOKEN');
    return { endpoint: { url: parsed.origin, token }, stateDir, autostart: false };
  }
  const socket = o.socket ? resolve(o.socket) : defaultSocket(stateDir, env);
  return { endpoint: { socket }, stateDir, autostart: o.autostart !== false && !env.COSMOS_NO_AUTOSTART };
}

/** The cosmosd program of the installed @clickos/api. */
export function cosmosdPath(): string {
  const pkg = createRequire(import.meta.url).resolve('@clickos/api/package.json');
  return join(dirname(pkg), 'dist', 'bin', 'cosmosd.js');
}

async function answers(client: DaemonClient): Promise<boolean> {
  try {
    await client.call('GET', '/v1/daemon');
    return true;
  } catch (err) {
    if (err instanceof Unreachable) return false;
    throw err;
  }
}

/**
 * Starts cosmosd for `target` in the background (its log in STATE/cosmosd.log) and waits until
 * it answers. `extraArgs` go to cosmosd (e.g. --tcp ... --token-file ...).
 */
export async function startDaemon(
  target: Target,
  extraArgs: string[] = [],
  timeoutMs = 20_000,
): Promise<DaemonClient> {
  if (!('socket' in target.endpoint))
    throw new UsageError('cosmos starts only a local daemon (on a unix socket)');
  const client = new DaemonClient(target.endpoint);
  mkdirSync(target.stateDir, { recursive: true, mode: 0o700 });
  const logFile = stateFiles(target.stateDir).daemonLog;
  // The daemon logs to logFile itself (rotating it); its standard output and error (a message
  // it fails with) are appended there too, and read back through this descriptor, which still
  // names that file if the daemon rotated it at start.
  const log = openSync(logFile, 'a+');
  const child = spawn(
    process.execPath,
    [
      cosmosdPath(),
      '--state',
      target.stateDir,
      '--socket',
      target.endpoint.socket,
      '--log-file',
      logFile,
      ...extraArgs,
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  try {
    let exit: number | null | undefined;
    child.once('exit', (code) => {
      exit = code;
    });
    child.unref();
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      // Status 4 (conflict): another cosmos started a daemon at the same moment; wait for that one.
      if (exit !== undefined && exit !== ExitCode.Conflict) {
        const tail = lastLine(log);
        if (await answers(client)) return client;
        throw new BackendError(`cosmosd exited (status ${exit}): ${tail.replace(/^cosmosd: /, '')}`);
      }
      if (await answers(client)) return client;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new BackendError(
      `cosmosd did not answer on ${target.endpoint.socket} within ${timeoutMs / 1000} s (see ${logFile})`,
    );
  } finally {
    closeSync(log);
  }
}

/** The last line of the file open as `fd` (read at positions: the daemon shares its offset). */
function lastLine(fd: number): string {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(Math.min(size, 64 * 1024));
  const n = readSync(fd, buf, 0, buf.length, size - buf.length);
  return buf.subarray(0, n).toString('utf8').trim().split('\n').slice(-1)[0] ?? '';
}

/** A client of the running daemon, started first when absent (unless autostart is off). */
export async function connect(command: Command): Promise<DaemonClient> {
  const target = targetOf(command);
  const client = new DaemonClient(target.endpoint);
  if (await answers(client)) return client;
  if (!target.autostart) {
    throw new BackendError(
      `cosmosd is not running at ${'socket' in target.endpoint ? target.endpoint.socket : target.endpoint.url}` +
        ' (start it with `cosmos daemon start`)',
    );
  }
  return startDaemon(target);
}
