#!/usr/bin/env node
// cosmosd: the ClickOS daemon. cosmosd [--state DIR] [--socket PATH] [--tcp HOST:PORT --token-file F] ...
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClickOSError, CpuList, exitCodeFor, isCgroupParent, UsageError } from '@clickos/core';
import { parseTcpAddress, readToken, runDaemon } from '../daemon/listen.js';
import { DEFAULT_LOG_ROTATION } from '../daemon/log-file.js';
import { defaultSocket, defaultStateDir } from '../paths.js';

const HELP = `Usage: cosmosd [--state DIR] [--socket PATH] [--tcp HOST:PORT --token-file FILE]
               [--switch-socket PATH] [--no-switch] [--switch-cpus LIST] [--instance-cpus LIST]
               [--cgroup-parent NAME] [--body-limit BYTES]
               [--log-level LEVEL] [--log-file FILE [--log-max-size BYTES] [--log-keep N]]

The ClickOS daemon: runs and supervises instances (their desired state is in DIR/store.db),
uses or starts clickos-switch, and serves the REST API on a 0600 unix socket (default
DIR/cosmosd.sock) and, with --tcp, on a loopback address where every request needs
"Authorization: Bearer TOKEN" (the token is read from --token-file).

  --state DIR          state directory (default $COSMOS_STATE_DIR, /var/lib/clickos as root,
                       else ~/.local/state/clickos)
  --socket PATH        the API's unix socket (default $COSMOS_SOCKET or DIR/cosmosd.sock)
  --tcp HOST:PORT      also listen on loopback TCP (needs --token-file)
  --token-file FILE    the bearer token (at least 16 characters)
  --switch-socket PATH the switch's control socket (default $CLICKOS_SWITCH_SOCKET or DIR/switch.sock)
  --no-switch          do not start clickos-switch when none answers
  --switch-cpus LIST   run a switch this daemon starts on these CPUs (clickos-switch --cpus)
  --instance-cpus LIST run instances whose resources name no CPUs on these (resources.cpus);
                       with --switch-cpus on the others, the switch keeps a CPU to itself:
                       more throughput through chains, more latency per hop (docs/switch.md)
  --cgroup-parent NAME the cgroup instances' groups go under (default $COSMOS_CGROUP_PARENT or
                       "clickos"; one per state directory when several daemons share a host)
  --body-limit BYTES   largest request body (default 1048576)
  --log-level LEVEL    pino level: fatal, error, warn, info (default), debug, trace, silent
  --log-file FILE      log to FILE (rotated by size) instead of standard output; cosmos starts
                       the daemon with DIR/cosmosd.log
  --log-max-size BYTES rotate FILE before it grows past BYTES: FILE.1 becomes FILE.2 (and so
                       on), FILE becomes FILE.1 (default $COSMOS_LOG_MAX_SIZE or 10485760;
                       0: never)
  --log-keep N         rotated files kept, FILE.1 to FILE.N (default $COSMOS_LOG_KEEP or 5)

Example:
  $ cosmosd --state /var/lib/clickos --tcp 127.0.0.1:7070 --token-file /etc/clickos/token
  $ cosmosd --switch-cpus 0 --instance-cpus 1
`;

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        state: { type: 'string' },
        socket: { type: 'string' },
        tcp: { type: 'string' },
        'token-file': { type: 'string' },
        'switch-socket': { type: 'string' },
        'no-switch': { type: 'boolean' },
        'switch-cpus': { type: 'string' },
        'instance-cpus': { type: 'string' },
        'cgroup-parent': { type: 'string' },
        'body-limit': { type: 'string' },
        'log-level': { type: 'string' },
        'log-file': { type: 'string' },
        'log-max-size': { type: 'string' },
        'log-keep': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (see cosmosd --help)`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const stateDir = values.state ? resolve(values.state as string) : defaultStateDir();
  const socket = values.socket ? resolve(values.socket as string) : defaultSocket(stateDir);
  let tcp: { host: string; port: number; token: string } | undefined;
  if (values.tcp) {
    if (!values['token-file']) throw new UsageError('--tcp needs --token-file');
    tcp = { ...parseTcpAddress(values.tcp as string), token: readToken(values['token-file'] as string) };
  } else if (values['token-file']) {
    throw new UsageError('--token-file is only used with --tcp');
  }
  let bodyLimit: number | undefined;
  if (values['body-limit'] !== undefined) {
    bodyLimit = Number(values['body-limit']);
    if (!Number.isInteger(bodyLimit) || bodyLimit < 1024)
      throw new UsageError('--body-limit must be an integer >= 1024');
  }
  const cgroupParent = (values['cgroup-parent'] as string | undefined) ?? process.env.COSMOS_CGROUP_PARENT;
  if (cgroupParent !== undefined && !isCgroupParent(cgroupParent)) {
    throw new UsageError(`invalid --cgroup-parent '${cgroupParent}'`);
  }
  const switchCpus = values['switch-cpus'] as string | undefined;
  if (switchCpus !== undefined && !CpuList.safeParse(switchCpus).success) {
    throw new UsageError(`invalid --switch-cpus '${switchCpus}' (expected a CPU list like 0, 0-1 or 0,2)`);
  }
  const instanceCpus = values['instance-cpus'] as string | undefined;
  if (instanceCpus !== undefined && !CpuList.safeParse(instanceCpus).success) {
    throw new UsageError(
      `invalid --instance-cpus '${instanceCpus}' (expected a CPU list like 1, 1-3 or 0,2)`,
    );
  }
  const level = (values['log-level'] as string | undefined) ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    throw new UsageError(`invalid --log-level '${level}'`);
  }
  const maxSize = (values['log-max-size'] as string | undefined) ?? process.env.COSMOS_LOG_MAX_SIZE;
  const keep = (values['log-keep'] as string | undefined) ?? process.env.COSMOS_LOG_KEEP;
  const logFile = values['log-file']
    ? {
        path: resolve(values['log-file'] as string),
        maxBytes:
          maxSize === undefined
            ? DEFAULT_LOG_ROTATION.maxBytes
            : count(
                maxSize,
                values['log-max-size'] !== undefined ? '--log-max-size' : '$COSMOS_LOG_MAX_SIZE',
              ),
        keep:
          keep === undefined
            ? DEFAULT_LOG_ROTATION.keep
            : count(keep, values['log-keep'] !== undefined ? '--log-keep' : '$COSMOS_LOG_KEEP'),
      }
    : undefined;
  if (!logFile && (values['log-max-size'] !== undefined || values['log-keep'] !== undefined)) {
    throw new UsageError('--log-max-size and --log-keep are only used with --log-file');
  }
  const daemon = await runDaemon({
    stateDir,
    socket,
    ...(tcp ? { tcp } : {}),
    ...(values['switch-socket'] ? { switchSocket: resolve(values['switch-socket'] as string) } : {}),
    ...(values['no-switch'] ? { noSwitch: true } : {}),
    ...(switchCpus ? { switchCpus } : {}),
    ...(instanceCpus ? { instanceCpus } : {}),
    ...(cgroupParent ? { cgroupParent } : {}),
    ...(bodyLimit ? { bodyLimit } : {}),
    logger: { level },
    ...(logFile ? { logFile } : {}),
    version,
  });
  const log = daemon.servers[0]?.log;
  // With --log-file, a crash's stack goes into the current log file, not only to the standard
  // error the daemon was started with (which may be a log file rotated away since).
  if (logFile) process.on('uncaughtExceptionMonitor', (err) => log?.fatal({ err }, 'uncaught exception'));
  log?.info(
    { pid: process.pid, stateDir, socket, tcp: daemon.tcpAddress, switch: daemon.services.switchStatus },
    'cosmosd ready',
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log?.info({ signal }, 'stopping');
      void daemon.stop();
    });
  }
  await daemon.stopped;
  return 0;
}

/** A whole number of at least 0, from an option or its environment variable. */
function count(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`${option} must be a whole number >= 0, not '${text}'`);
  }
  return n;
}

try {
  process.exitCode = await main();
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`cosmosd: ${err instanceof ClickOSError ? '' : 'internal error: '}${message}\n`);
  process.exitCode = exitCodeFor(err);
}
