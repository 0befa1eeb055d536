// End-to-end test support: the built `cosmos` and `cosmosd` over a throw-away state directory,
// real clickos-switch and clickos-instance programs ($CLICKOS_BUILD_DIR/bin, default
// native/build/bin), and hosts in network namespaces the tests create and delete themselves
// (unique names; every command bounded in time and packets).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build');
const cosmosBin = join(repoRoot, 'packages', 'cli', 'dist', 'bin', 'cosmos.js');

/** Why the suite cannot run here, or undefined. */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'end-to-end tests need root (network namespaces, NIC ports)';
  for (const p of ['clickos-switch', 'clickos-instance', 'clickos-pktgen']) {
    if (!existsSync(join(buildDir, 'bin', p))) return `${join(buildDir, 'bin', p)} is not built`;
  }
  if (!existsSync(cosmosBin)) return `${cosmosBin} is not built (npm run build)`;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'the ip command (iproute2) is missing';
  }
  return undefined;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function sh(cmd: string, args: string[], timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A state directory with its own cosmosd (started by the first command), switch and cgroups. */
export class Cosmos {
  readonly dir = mkdtempSync(join(tmpdir(), 'clickos-e2e-'));
  readonly state = join(this.dir, 'state');
  readonly cgroupParent = `clickos-e2e-${process.pid}-${this.dir.slice(-6)}`;

  run(argv: string[], timeoutMs = 60_000): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [cosmosBin, ...argv],
        {
          encoding: 'utf8',
          cwd: this.dir,
          timeout: timeoutMs,
          env: {
            ...process.env,
            COSMOS_STATE_DIR: this.state,
            COSMOS_CGROUP_PARENT: this.cgroupParent,
            CLICKOS_SWITCH_BIN: join(buildDir, 'bin', 'clickos-switch'),
            CLICKOS_INSTANCE_BIN: join(buildDir, 'bin', 'clickos-instance'),
            CLICKOS_BUILD_DIR: buildDir,
          },
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** A command that must succeed; its --json output parsed. */
  async json<T = Record<string, unknown>>(argv: string[]): Promise<T> {
    const r = await this.run([...argv, '--json']);
    if (r.code !== 0) throw new Error(`cosmos ${argv.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  /** A raw request on the daemon's socket (for malformed bodies). */
  http(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: join(this.state, 'cosmosd.sock'),
          method,
          path,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8');
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    const listed = await this.run(['--no-autostart', 'list', '--json']);
    if (listed.code === 0) {
      const names = (JSON.parse(listed.stdout).instances as Array<{ name: string }>).map((i) => i.name);
      if (names.length) await this.run(['destroy', ...names]);
    }
    await this.run(['--no-autostart', 'daemon', 'stop', '--stop-instances', '--stop-switch']);
    const own = readFileSync('/proc/self/cgroup', 'utf8');
    for (const c of ['memory', 'cpu', 'freezer']) {
      const group = own
        .split('\n')
        .find((l) => l.split(':')[1]?.split(',').includes(c))
        ?.split(':')[2];
      const d = group === undefined ? '' : join('/sys/fs/cgroup', c, group, this.cgroupParent);
      try {
        if (d && existsSync(d)) rmdirSync(d);
      } catch {
        // a group left by a failed test: kept for inspection
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Host {
  ns: string;
  /** The interface inside the namespace, and its peer in the root namespace (the NIC port). */
  inner: string;
  outer: string;
  ip: string;
  mac: string;
}

/** A host: namespace NS with one veth end (ADDRESS/24) inside, the other end up in the root namespace. */
export async function makeHost(tag: string, n: number, subnet: number): Promise<Host> {
  const ns = `cosmos-e2e-${tag}-h${n}`;
  const inner = `e${tag}h${n}i`;
  const outer = `e${tag}h${n}o`;
  const ip = `10.${subnet}.0.${n}`;
  const mac = `02:e2:e0:${subnet.toString(16).padStart(2, '0')}:00:0${n}`;
  const steps = [
    ['netns', 'add', ns],
    ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner],
    ['link', 'set', inner, 'netns', ns],
    ['-n', ns, 'link', 'set', inner, 'address', mac],
    ['-n', ns, 'addr', 'add', `${ip}/24`, 'dev', inner],
    ['-n', ns, 'link', 'set', inner, 'up'],
    ['-n', ns, 'link', 'set', 'lo', 'up'],
    ['link', 'set', outer, 'up'],
  ];
  for (const s of steps) {
    const r = await sh('ip', s);
    if (r.code !== 0) throw new Error(`ip ${s.join(' ')}: ${r.stderr.trim()}`);
  }
  // No IPv6 chatter (router solicitations, DAD) in counters and captures.
  await sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${inner}.disable_ipv6=1`]);
  await sh('sysctl', ['-qw', `net.ipv6.conf.${outer}.disable_ipv6=1`]);
  return { ns, inner, outer, ip, mac };
}

export async function removeHost(h: Host): Promise<void> {
  await sh('ip', ['link', 'del', h.outer]);
  await sh('ip', ['netns', 'del', h.ns]);
}

/** COUNT pings from `from` to `to`, 0.1 s apart, each waiting at most 1 s; the number answered. */
export async function ping(from: Host, to: Host, count = 3): Promise<number> {
  const r = await sh('ip', [
    'netns',
    'exec',
    from.ns,
    'ping',
    '-n',
    '-q',
    '-c',
    String(count),
    '-i',
    '0.1',
    '-W',
    '1',
    to.ip,
  ]);
  const m = /(\d+) received/.exec(r.stdout);
  return m ? Number(m[1]) : 0;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The pid of a running `program` whose command line holds `arg`, if any. */
export function processOf(program: string, arg: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (basename(argv[0] ?? '') === program && argv.includes(arg)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}
