// Runs cosmosd: takes the state directory's lock, opens the Services, listens on a 0600 unix
// socket (and on loopback TCP with a bearer token when asked), and shuts down cleanly on
// SIGTERM/SIGINT or POST /v1/daemon/shutdown. Instances keep running across daemon restarts.
import {
  closeSync,
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { Conflict, type SupervisorEvent, UsageError } from '@clickos/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createMetrics } from '../metrics.js';
import { stateFiles } from '../paths.js';
import { buildServer } from '../server.js';
import { type LogRotation, RotatingLogFile } from './log-file.js';
import { Services, type ServicesOptions } from './services.js';

export interface DaemonOptions extends ServicesOptions {
  socket: string;
  tcp?: { host: string; port: number; token: string };
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /** Log to this file (rotated by size) instead of standard output. */
  logFile?: { path: string } & LogRotation;
  version?: string;
}

export interface RunningDaemon {
  services: Services;
  servers: FastifyInstance[];
  /** Where TCP listens, when it does (the port is known after listening on port 0). */
  tcpAddress?: { host: string; port: number };
  /** Resolves when the daemon has stopped. */
  stopped: Promise<void>;
  stop(options?: { stopInstances?: boolean; stopSwitch?: boolean }): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** "HOST:PORT" (IPv6 in brackets) on a loopback address. */
export function parseTcpAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || !host || port > 65535) throw new UsageError(`invalid --tcp '${text}': expected HOST:PORT`);
  if (!LOOPBACK.test(host)) {
    throw new UsageError(`--tcp ${text}: only loopback addresses are allowed (127.0.0.1, ::1, localhost)`);
  }
  return { host, port };
}

export function readToken(file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`cannot read the token file ${file}: ${(err as Error).message}`);
  }
  if (token.length < 16 || /\s/.test(token)) {
    throw new UsageError(`the token in ${file} must be at least 16 characters without spaces`);
  }
  return token;
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Lock files this process holds (a pid file with our own pid is otherwise a stale one from an
// earlier process that had the same pid).
const heldLocks = new Set<string>();

/** One daemon per state directory: a pid file created exclusively (a dead owner's is taken over). */
function takeLock(file: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldLocks.add(file);
      return () => {
        heldLocks.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      const ours = owner === process.pid && heldLocks.has(file);
      if (ours || (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))) {
        throw new Conflict(`cosmosd is already running for ${dirname(file)} (pid ${owner})`);
      }
      unlinkSync(file);
    }
  }
  throw new Conflict(`cannot take the lock ${file}`);
}

export async function runDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const files = stateFiles(options.stateDir);
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const unlock = takeLock(files.lock);
  let services: Services | undefined;
  const servers: FastifyInstance[] = [];
  // Opened once the lock is ours: a daemon refused for the directory must not rotate the log
  // of the one that runs.
  let logFile: RotatingLogFile | undefined;
  try {
    if (options.logFile) logFile = new RotatingLogFile(options.logFile.path, options.logFile);
    const logger = logFile
      ? { ...(typeof options.logger === 'object' ? options.logger : {}), stream: logFile }
      : options.logger;
    if (existsSync(options.socket)) {
      if (await socketAnswers(options.socket))
        throw new Conflict(`something already answers on ${options.socket}`);
      unlinkSync(options.socket);
    }
    services = await Services.open(options);
    const metrics = createMetrics(services);
    let stopping: Promise<void> | undefined;
    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => {
      resolveStopped = r;
    });
    const svc = services;
    const stop = (how: { stopInstances?: boolean; stopSwitch?: boolean } = {}) => {
      stopping ??= (async () => {
        await Promise.allSettled(servers.map((s) => s.close()));
        await svc.close(how);
        if (existsSync(options.socket)) unlinkSync(options.socket);
        logFile?.close();
        unlock();
        resolveStopped();
      })();
      return stopping;
    };
    const common = {
      services,
      metrics,
      shutdown: (how: { stopInstances: boolean; stopSwitch: boolean }) => void stop(how),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(logger !== undefined ? { logger } : {}),
      ...(options.version ? { version: options.version } : {}),
    };
    // TCP first: once the unix socket answers (what `cosmos` waits for), everything does.
    let tcpAddress: { host: string; port: number } | undefined;
    if (options.tcp) {
      const tcp = await buildServer({ ...common, token: options.tcp.token });
      servers.push(tcp);
      await tcp.listen({ host: options.tcp.host, port: options.tcp.port });
      const addr = tcp.server.address();
      tcpAddress = {
        host: options.tcp.host,
        port: typeof addr === 'object' && addr ? addr.port : options.tcp.port,
      };
    }
    services.listening = { socket: options.socket, ...(tcpAddress ? { tcp: tcpAddress } : {}) };
    const unix = await buildServer(common);
    servers.push(unix);
    mkdirSync(dirname(options.socket), { recursive: true });
    // The socket is created 0600 (no window where others could connect), then checked.
    const umask = process.umask(0o177);
    try {
      await unix.listen({ path: options.socket });
    } finally {
      process.umask(umask);
    }
    chmodSync(options.socket, 0o600);
    // What the supervisor does on its own (crashes, restarts) goes to the log too.
    const log = unix.log;
    services.on('instance-event', (e: SupervisorEvent) => {
      const bad = ['crashed', 'restart-failed', 'unresponsive', 'missing'].includes(e.kind);
      log[bad ? 'warn' : 'info'](
        { instance: e.instance, event: e.kind, detail: e.detail },
        `instance ${e.kind}`,
      );
    });
    return { services, servers, stopped, stop, ...(tcpAddress ? { tcpAddress } : {}) };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.close()));
    await services?.close();
    logFile?.close();
    unlock();
    throw err;
  }
}
