// `npm run bench api`: latency of cosmosd's operations over its unix socket, as the CLI sees
// them (a new connection per request): create and destroy, install (stored and hot-swap),
// start (boot + install), handler read and write, listing and /metrics with 100 instances,
// and a whole `cosmos read` command (Node start included). cosmosd runs as its own process
// over a throw-away state directory with its own switch. Medians (and p99) of many.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const cosmosd = join(repoRoot, 'packages', 'api', 'dist', 'bin', 'cosmosd.js');
const cosmos = join(repoRoot, 'packages', 'cli', 'dist', 'bin', 'cosmos.js');

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function call(socket, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        method,
        path,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          if (res.statusCode >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function timed(n, op) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await op(i);
    ms.push(now() - t0);
  }
  return ms;
}

export async function benchApi({ repeats = 200, handlerRepeats = 2000 } = {}) {
  if (!existsSync(cosmosd)) throw new Error(`${cosmosd} is not built: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'clickos-bench-api-'));
  const socket = join(dir, 'cosmosd.sock');
  const cgroupParent = `clickos-bench-api-${process.pid}`;
  const daemon = spawn(
    process.execPath,
    [cosmosd, '--state', dir, '--log-level', 'warn', '--cgroup-parent', cgroupParent],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const results = {};
  try {
    for (let i = 0; i < 500; i++) {
      try {
        await call(socket, 'GET', '/v1/daemon');
        break;
      } catch {
        await sleep(20);
      }
    }
    const wire = 'FromNetfront(0) -> c :: Counter -> q :: Queue(100) -> ToNetfront(0);';
    const idle = 'Idle -> c :: Counter -> q :: Queue(100) -> Discard;';

    results.create = await timed(repeats, (i) => call(socket, 'POST', '/v1/instances', { name: `b${i}` }));
    results.destroy = await timed(repeats, (i) => call(socket, 'DELETE', `/v1/instances/b${i}`));
    results.createWithPort = await timed(repeats / 2, (i) =>
      call(socket, 'POST', '/v1/instances', { name: `p${i}`, ports: [{ switch: 'vale0' }] }),
    );
    results.installStored = await timed(repeats, () =>
      call(socket, 'PUT', '/v1/instances/p0/config', { text: wire }),
    );
    results.start = [];
    results.stop = [];
    for (let i = 0; i < 30; i++) {
      let t0 = now();
      await call(socket, 'POST', '/v1/instances/p0/start', {});
      results.start.push(now() - t0);
      t0 = now();
      await call(socket, 'POST', '/v1/instances/p0/stop', {});
      results.stop.push(now() - t0);
    }
    await call(socket, 'POST', '/v1/instances/p0/start', {});
    results.installHotSwap = await timed(repeats, (i) =>
      call(socket, 'PUT', '/v1/instances/p0/config', { text: i % 2 ? wire : idle }),
    );
    results.handlerRead = await timed(handlerRepeats, () =>
      call(socket, 'GET', '/v1/instances/p0/handlers/c.count'),
    );
    results.handlerWrite = await timed(handlerRepeats, (i) =>
      call(socket, 'PUT', '/v1/instances/p0/handlers/q.capacity', { value: String(100 + (i % 10)) }),
    );
    results.list100 = await timed(repeats, () => call(socket, 'GET', '/v1/instances'));
    results.metrics = await timed(50, () => call(socket, 'GET', '/metrics'));
    results.cliRead = await timed(
      20,
      () =>
        new Promise((resolve, reject) =>
          execFile(process.execPath, [cosmos, '--socket', socket, 'read', 'p0', 'c', 'count'], (err) =>
            err ? reject(err) : resolve(),
          ),
        ),
    );
    for (const name of (JSON.parse(await call(socket, 'GET', '/v1/instances')).instances ?? []).map(
      (i) => i.name,
    )) {
      await call(socket, 'DELETE', `/v1/instances/${name}`);
    }
    await call(socket, 'POST', '/v1/daemon/shutdown', { stopInstances: true, stopSwitch: true });
    await new Promise((r) => (daemon.exitCode !== null ? r() : daemon.once('exit', r)));
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    // The instances' parent groups (under this process's own group of each v1 controller, where
    // cosmosd, our child, put them); their instances were destroyed above.
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers, path] = line.split(':');
      for (const c of controllers?.split(',') ?? []) {
        if (!['memory', 'cpu', 'freezer'].includes(c) || path === undefined) continue;
        try {
          rmdirSync(join('/sys/fs/cgroup', c, path, cgroupParent));
        } catch {
          // none there (not root), or left by a failed run for inspection
        }
      }
    }
    if (existsSync(dir)) {
      for (const e of readdirSync(dir)) if (e.endsWith('.sock')) rmSync(join(dir, e), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const labels = {
    create: 'create (no ports)',
    destroy: 'destroy (stopped)',
    createWithPort: 'create with one ring port',
    installStored: 'install, stopped instance (stored)',
    start: 'start (boot + install, one port)',
    stop: 'stop',
    installHotSwap: 'install, running instance (hot-swap)',
    handlerRead: 'handler read (c.count)',
    handlerWrite: 'handler write (q.capacity)',
    list100: 'list, 100 instances',
    metrics: 'GET /metrics, 100 instances (1 running)',
    cliRead: '`cosmos read` command (Node start included)',
  };
  const rows = Object.entries(results).map(([k, v]) => [
    labels[k],
    v.length,
    median(v).toFixed(3),
    percentile(v, 99).toFixed(3),
  ]);
  console.log(table(['operation over the unix socket', 'n', 'median ms', 'p99 ms'], rows));
  writeResult('api', {
    note: 'cosmosd as its own process; one new unix-socket connection per request; milliseconds',
    operations: Object.fromEntries(
      Object.entries(results).map(([k, v]) => [
        k,
        { label: labels[k], n: v.length, medianMs: median(v), p99Ms: percentile(v, 99) },
      ]),
    ),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await benchApi();
