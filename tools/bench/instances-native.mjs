#!/usr/bin/env node
// clickos-instance measured directly (no TypeScript library in between): boot + install of a
// Wire to the ready line with each isolation feature on and off, the boot time of the last of
// many instances, PSS of an idle instance (rings separately), handler read/write latency over
// the control socket, and packet loss of a Wire hot-swapped under traffic.
//   node tools/bench/instances-native.mjs [--runs N] [--scale N] [--only boot,scale,pss,handlers,swap]
// Uses CLICKOS_BUILD_DIR (default native/build). Writes bench/results/instances-native.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';

const bin = join(process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build'), 'bin');
const work = '/tmp/clickos-bench-instances';
// Inside the instances' directory, so instances in a mount namespace reach it as /switch.sock.
const instanceDir = join(work, 'dir');
const switchSocket = join(instanceDir, 'switch.sock');
const isRoot = process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const ms = (ns) => Number(ns) / 1e6;
const round = (x, digits = 2) => Number(x.toFixed(digits));

// A Wire between two switches; ports attached by the instance itself at set-up (the host
// backend hands over ready ports instead; the attach is part of what is timed here).
function wireConfig(tag, slots = 256, extra = '', mountns = false) {
  const sw = (name) => `SWITCH ${name}, SOCKET ${mountns ? '/switch.sock' : switchSocket}, SLOTS ${slots}`;
  return (
    `FromNetfront(0, ${sw('vale0')}, MAC 02:00:00:00:10:01) -> c :: Counter ${extra}-> out :: ToNetfront(1, ${sw('vale1')});\n` +
    `// ${tag}\n`
  );
}

async function startSwitch() {
  rmSync(switchSocket, { force: true });
  const p = spawn(join(bin, 'clickos-switch'), ['--socket', switchSocket], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(switchSocket); i++) await sleep(10);
  return p;
}

// Spawns one instance; resolves { child, ready (parsed line), ns (spawn to ready) }.
function startInstance(name, { config, sandbox = 'none', dir, extraArgs = [] } = {}) {
  return new Promise((resolve) => {
    const socket = join(work, `${name}.sock`);
    const args = ['--control', socket, '--ready-fd', '3', '--sandbox', sandbox];
    if (dir) args.push('--dir', dir);
    if (config !== undefined) {
      const file = join(work, `${name}.click`);
      writeFileSync(file, config);
      args.push('--config', file);
    }
    args.push(...extraArgs);
    const t0 = process.hrtime.bigint();
    const child = spawn(join(bin, 'clickos-instance'), args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let line = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdio[3].on('data', (d) => {
      line += d;
    });
    child.stdio[3].on('end', () => {
      const ns = process.hrtime.bigint() - t0;
      let ready = null;
      try {
        ready = JSON.parse(line);
      } catch {}
      resolve({ child, ready, ns, socket, stderr });
    });
  });
}

function stopInstance(inst) {
  return new Promise((resolve) => {
    if (inst.child.exitCode !== null) return resolve();
    inst.child.once('exit', () => resolve());
    inst.child.kill('SIGTERM');
  });
}

// Boots instances through spawn_ready.py (posix_spawn, timed from the spawn call to the end
// of the ready line). `argsList`: one argument list per instance (without --ready-fd).
// Resolves { boots: [{ ns, ready, pid }], finish } where finish() stops kept instances.
function posixSpawnBoots(argsList, keep = false) {
  return new Promise((resolve) => {
    const spec = JSON.stringify({ binary: join(bin, 'clickos-instance'), instances: argsList, keep });
    const py = spawn('python3', [join(repoRoot, 'tools', 'bench', 'spawn_ready.py'), spec], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const boots = [];
    let buf = '';
    const finish = () =>
      new Promise((r) => {
        if (py.exitCode !== null) return r();
        py.once('exit', () => r());
        py.stdin.end();
      });
    py.stdout.on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (line.done) return resolve({ boots, finish });
        let ready = null;
        try {
          ready = JSON.parse(line.ready);
        } catch {}
        boots.push({ ns: line.ns, ready, pid: line.pid });
      }
    });
    py.on('exit', () => resolve({ boots, finish }));
  });
}

// A ControlSocket client over one connection.
class Control {
  static open(path) {
    return new Promise((resolve, reject) => {
      const c = new Control();
      c.sock = connect(path);
      c.buf = '';
      c.waiters = [];
      c.sock.setEncoding('latin1');
      c.sock.on('data', (d) => {
        c.buf += d;
        c.pump();
      });
      c.sock.on('error', reject);
      c.waiters.push({ kind: 'line', resolve: () => resolve(c) });
    });
  }
  pump() {
    while (this.waiters.length) {
      const w = this.waiters[0];
      if (w.kind === 'line') {
        const i = this.buf.indexOf('\r\n');
        if (i < 0) return;
        this.buf = this.buf.slice(i + 2);
        this.waiters.shift();
        w.resolve();
        continue;
      }
      // A response: lines until "CODE " then, for READ, "DATA n" and n bytes.
      let pos = 0;
      const lines = [];
      for (;;) {
        const i = this.buf.indexOf('\r\n', pos);
        if (i < 0) return;
        const l = this.buf.slice(pos, i);
        pos = i + 2;
        lines.push(l);
        if (l[3] === ' ') break;
      }
      let data = null;
      if (w.read && lines[lines.length - 1].startsWith('200')) {
        const i = this.buf.indexOf('\r\n', pos);
        if (i < 0) return;
        const n = Number(this.buf.slice(pos + 5, i));
        if (this.buf.length < i + 2 + n) return;
        data = this.buf.slice(i + 2, i + 2 + n);
        pos = i + 2 + n;
      }
      this.buf = this.buf.slice(pos);
      this.waiters.shift();
      w.resolve({ lines, data });
    }
  }
  command(text, read = false) {
    return new Promise((resolve) => {
      this.waiters.push({ kind: 'response', read, resolve });
      this.sock.write(text);
    });
  }
  read(handler) {
    return this.command(`READ ${handler}\r\n`, true);
  }
  write(handler, value = '') {
    return this.command(`WRITE ${handler} ${value}\r\n`);
  }
  hotconfig(text) {
    return this.command(`WRITEDATA hotconfig ${Buffer.byteLength(text, 'latin1')}\r\n${text}`);
  }
  close() {
    this.sock.end();
  }
}

function smapsRollup(pid) {
  const out = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
      const m = /^(\w+):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]] = Number(m[2]);
    }
  } catch {}
  return out;
}

// ---------------------------------------------------------------- experiments

const variants = [
  { name: 'none', sandbox: 'none' },
  { name: 'rlimits', sandbox: 'rlimits' },
  { name: 'seccomp', sandbox: 'seccomp' },
  { name: 'pidns', sandbox: 'pidns', root: true },
  { name: 'mountns', sandbox: 'mountns', root: true, dir: true },
  { name: 'all four', sandbox: 'seccomp,mountns,pidns,rlimits', root: true, dir: true },
];

async function benchBoot(runs) {
  const rows = [];
  const results = {};
  const dir = instanceDir;
  // Without ports the figures are the instance's own; a Wire adds attaching two switch ports.
  const cases = [];
  for (const v of variants) cases.push({ ...v, name: `no ports, ${v.name}`, config: 'Idle -> Discard;\n' });
  for (const v of variants) cases.push({ ...v, name: `Wire, ${v.name}`, wire: true });
  // The floor: Node spawning the same binary that exits at once.
  const floor = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise((r) =>
      spawn(join(bin, 'clickos-instance'), ['--version'], { stdio: 'ignore' }).on('exit', r),
    );
    floor.push(ms(process.hrtime.bigint() - t0));
  }
  results.node_spawn_floor_ms = round(median(floor), 3);
  rows.push([
    '(Node spawn + exit of clickos-instance --version)',
    runs,
    '',
    '',
    round(median(floor), 3),
    round(percentile(floor, 90), 3),
    '',
  ]);
  for (const c of cases) {
    if (c.root && !isRoot) {
      rows.push([c.name, 'skipped: needs root', '', '', '', '', '']);
      continue;
    }
    const total = [];
    const setup = [];
    for (let i = 0; i < runs; i++) {
      const inst = await startInstance('boot', {
        config: c.wire ? wireConfig(`${c.name} ${i}`, 256, '', Boolean(c.dir)) : c.config,
        sandbox: c.sandbox,
        dir: c.dir ? dir : undefined,
      });
      if (!inst.ready?.ready) {
        console.error(`boot ${c.name}: ${inst.ready?.error ?? inst.stderr}`);
        await stopInstance(inst);
        break;
      }
      total.push(ms(inst.ns));
      setup.push(inst.ready.setup_us / 1000);
      await stopInstance(inst);
    }
    if (!total.length) continue;
    const file = join(work, 'boot-posix.click');
    writeFileSync(file, c.wire ? wireConfig(c.name, 256, '', Boolean(c.dir)) : c.config);
    const argsList = [];
    for (let i = 0; i < runs; i++) {
      const a = ['--control', join(work, 'boot-posix.sock'), '--sandbox', c.sandbox, '--config', file];
      if (c.dir) a.push('--dir', dir);
      argsList.push(a);
    }
    const { boots } = await posixSpawnBoots(argsList);
    const posix = boots.filter((b) => b.ready?.ready).map((b) => b.ns / 1e6);
    results[c.name] = {
      posix_spawn_to_ready_ms: round(median(posix.length ? posix : [0]), 3),
      runs: total.length,
      spawn_to_ready_ms: round(median(total), 3),
      setup_ms: round(median(setup), 3),
    };
    rows.push([
      c.name,
      total.length,
      round(median(posix.length ? posix : [0]), 3),
      round(percentile(posix.length ? posix : [0], 90), 3),
      round(median(total), 3),
      round(percentile(total, 90), 3),
      round(median(setup), 3),
    ]);
  }
  console.log(
    '\nBoot + install to the ready line (ms, medians and p90): posix_spawn (what a host library does), ' +
      "Node's child_process.spawn (forks Node: slower), and setup inside the process (main to ready)",
  );
  console.log(
    table(
      ['configuration, sandbox', 'runs', 'posix_spawn->ready', 'p90', 'Node spawn->ready', 'p90', 'setup'],
      rows,
    ),
  );
  return results;
}

async function benchScale(n, sandbox) {
  const file = join(work, 'scale.click');
  writeFileSync(file, wireConfig('scale', 64));
  const argsList = [];
  for (let i = 0; i < n; i++)
    argsList.push(['--control', join(work, `s${i}.sock`), '--sandbox', sandbox, '--config', file]);
  const { boots, finish } = await posixSpawnBoots(argsList, true);
  const alive = boots.filter((b) => b.ready?.ready).map((b) => ({ ready: b.ready, child: { pid: b.pid } }));
  const times = boots.filter((b) => b.ready?.ready).map((b) => b.ns / 1e6);
  const bad = boots.find((b) => !b.ready?.ready);
  const failed = bad ? `instance ${boots.indexOf(bad) + 1}: ${bad.ready?.error ?? 'no ready line'}` : null;
  await sleep(1000);
  // Idle CPU of all of them together over 2 s (utime + stime from /proc).
  const ticks = () =>
    alive.reduce((sum, inst) => {
      try {
        const f = readFileSync(`/proc/${inst.ready.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return sum + Number(f[11]) + Number(f[12]);
      } catch {
        return sum;
      }
    }, 0);
  const before = ticks();
  await sleep(2000);
  const idleCpuPercent = ((ticks() - before) / 100 / 2) * 100;
  const pss = alive.map((inst) => {
    const r = smapsRollup(inst.ready.pid);
    return (r.Pss ?? 0) - (r.Pss_Shmem ?? 0);
  });
  const rings = alive.map((inst) => smapsRollup(inst.ready.pid).Pss_Shmem ?? 0);
  // With pidns the spawned process stays as a waiter: its share counts for the instance too.
  const waiters = alive.map((inst) =>
    inst.ready.pid !== inst.child.pid ? (smapsRollup(inst.child.pid).Pss ?? 0) : 0,
  );
  const last = times.slice(-10);
  const result = {
    instances: alive.length,
    sandbox,
    failed,
    first_ms: round(times[0] ?? 0, 3),
    last_ms: round(times[times.length - 1] ?? 0, 3),
    last10_median_ms: round(median(last.length ? last : [0]), 3),
    all_median_ms: round(median(times.length ? times : [0]), 3),
    idle_cpu_percent_all: round(idleCpuPercent, 2),
    pss_kb_median_without_rings: median(pss.length ? pss : [0]),
    pss_kb_median_rings: median(rings.length ? rings : [0]),
    pss_kb_median_waiter: median(waiters.length ? waiters : [0]),
  };
  console.log(
    `\n${alive.length} Wire instances, one after the other by posix_spawn (${sandbox}, 64-slot rings)${failed ? ` -- stopped: ${failed}` : ''}`,
  );
  console.log(
    table(
      [
        'first boot',
        `boot #${alive.length}`,
        'median of last 10',
        'median of all',
        'idle CPU, all',
        'PSS median: engine (no rings)',
        'waiter',
        'rings',
      ],
      [
        [
          `${result.first_ms} ms`,
          `${result.last_ms} ms`,
          `${result.last10_median_ms} ms`,
          `${result.all_median_ms} ms`,
          `${result.idle_cpu_percent_all} %`,
          `${result.pss_kb_median_without_rings} kB`,
          `${result.pss_kb_median_waiter} kB`,
          `${result.pss_kb_median_rings} kB`,
        ],
      ],
    ),
  );
  await finish();
  return result;
}

async function benchPss(sandbox) {
  const inst = await startInstance('pss', { config: wireConfig('pss'), sandbox });
  await sleep(500);
  const engine = smapsRollup(inst.ready.pid);
  const waiter = inst.ready.pid !== inst.child.pid ? smapsRollup(inst.child.pid) : null;
  await stopInstance(inst);
  const r = {
    sandbox,
    engine_pss_kb: engine.Pss,
    engine_pss_rings_kb: engine.Pss_Shmem,
    engine_pss_without_rings_kb: engine.Pss - (engine.Pss_Shmem ?? 0),
    engine_rss_kb: engine.Rss,
    waiter_pss_kb: waiter ? waiter.Pss : 0,
  };
  console.log(`\nPSS of one idle Wire instance (${sandbox}; alone, so shared pages count in full)`);
  console.log(
    table(
      ['PSS without rings', 'rings (shmem)', 'RSS', 'pidns waiter PSS'],
      [
        [
          `${r.engine_pss_without_rings_kb} kB`,
          `${r.engine_pss_rings_kb} kB`,
          `${r.engine_rss_kb} kB`,
          `${r.waiter_pss_kb} kB`,
        ],
      ],
    ),
  );
  return r;
}

async function benchHandlers(sandbox, count) {
  const inst = await startInstance('handlers', { config: wireConfig('handlers'), sandbox });
  const c = await Control.open(inst.socket);
  const reads = [];
  const writes = [];
  for (let i = 0; i < count; i++) {
    let t = process.hrtime.bigint();
    await c.read('c.count');
    reads.push(Number(process.hrtime.bigint() - t) / 1000);
    t = process.hrtime.bigint();
    await c.write('c.reset');
    writes.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  c.close();
  await stopInstance(inst);
  const r = {
    sandbox,
    count,
    read_p50_us: round(percentile(reads, 50), 1),
    read_p99_us: round(percentile(reads, 99), 1),
    write_p50_us: round(percentile(writes, 50), 1),
    write_p99_us: round(percentile(writes, 99), 1),
  };
  console.log(`\nHandler round trips from Node over one control connection (${count} each, ${sandbox})`);
  console.log(
    table(
      ['READ c.count p50', 'p99', 'WRITE c.reset p50', 'p99'],
      [[`${r.read_p50_us} us`, `${r.read_p99_us} us`, `${r.write_p50_us} us`, `${r.write_p99_us} us`]],
    ),
  );
  return r;
}

function pktgen(args) {
  return new Promise((resolve) => {
    const p = spawn(join(bin, 'clickos-pktgen'), [...args, '--socket', switchSocket, '--quiet', '--json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve(null);
      }
    });
  });
}

// A Wire instance between vale0 and vale1; pktgen sends `count` frames at `rate` into vale0
// (unicast to the instance's static MAC, so the switch holds rather than drops) and another
// pktgen counts them on vale1 (static MAC too). With `swaps`, that many hot-swaps are spread
// over the run, alternating two Wire configurations with the same element names.
async function benchSwap(rate, seconds, swaps, sandbox, slots) {
  const count = rate * seconds;
  const inst = await startInstance('swap', { config: wireConfig('swap A', slots), sandbox });
  const c = await Control.open(inst.socket);
  const rx = pktgen([
    '--switch',
    'vale1',
    '--mode',
    'rx',
    '--count',
    String(count),
    '--duration',
    String(seconds + 3),
    '--src-mac',
    '02:00:00:00:10:01',
    '--static-mac',
    '--slots',
    String(slots),
  ]);
  await sleep(300);
  const tx = pktgen([
    '--switch',
    'vale0',
    '--mode',
    'tx',
    '--rate',
    String(rate),
    '--count',
    String(count),
    '--dst-mac',
    '02:00:00:00:10:01',
    '--src-mac',
    '02:00:00:00:20:01',
    '--slots',
    String(slots),
  ]);
  const swapTimes = [];
  const pauses = [];
  let failures = 0;
  for (let i = 0; i < swaps; i++) {
    await sleep((seconds * 1000) / (swaps + 1));
    const t = process.hrtime.bigint();
    const r = await c.hotconfig(wireConfig(`swap ${i % 2 ? 'A' : 'B'}`, slots, i % 2 ? '' : '-> Null '));
    swapTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!r.lines[0].startsWith('200')) failures++;
    pauses.push(Number((await c.read('hotconfig_us')).data) / 1000);
  }
  const [txr, rxr] = await Promise.all([tx, rx]);
  const counted = await c.read('c.count');
  const drops = await c.read('out.drops');
  c.close();
  await stopInstance(inst);
  const sent = txr?.frames ?? null;
  const received = rxr?.frames ?? null;
  return {
    rate,
    seconds,
    swaps,
    failures,
    sent,
    received,
    instance_count: Number(counted.data),
    tonetfront_drops: Number(drops.data),
    swap_ms_median: swapTimes.length ? round(median(swapTimes), 3) : 0,
    pause_ms_median: pauses.length ? round(median(pauses), 3) : 0,
    tx: txr,
    rx: rxr,
  };
}

async function main() {
  const runs = Number(arg('runs', 25));
  const scale = Number(arg('scale', 1000));
  const only = arg('only', 'boot,pss,handlers,swap,scale').split(',');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(instanceDir, { recursive: true });
  const sw = await startSwitch();
  const sandbox = 'auto';
  const result = { root: isRoot };
  try {
    if (only.includes('boot')) result.boot = await benchBoot(runs);
    if (only.includes('pss')) result.pss = await benchPss(sandbox);
    if (only.includes('handlers')) result.handlers = await benchHandlers(sandbox, 2000);
    if (only.includes('swap')) {
      const rate = Number(arg('rate', 1000000));
      const slots = Number(arg('slots', 256));
      const baseline = await benchSwap(rate, 3, 0, sandbox, slots);
      const swapped = await benchSwap(rate, 3, 10, sandbox, slots);
      result.swap = { slots, baseline, swapped };
      console.log(
        `\nWire under ${rate} pps for 3 s, ${slots}-slot rings, sandbox ${sandbox} (frames sent by pktgen, counted by the instance's ` +
          'Counter, dropped by its ToNetfront because the next ring was full, received by the other pktgen)',
      );
      console.log(
        table(
          [
            'run',
            'sent',
            'instance got',
            'ToNetfront drops',
            'received',
            'lost',
            'swaps (failed)',
            'hotconfig round trip',
            'dataplane held',
          ],
          [baseline, swapped].map((r) => [
            r.swaps ? 'with hot-swaps' : 'baseline',
            r.sent,
            r.instance_count,
            r.tonetfront_drops,
            r.received,
            r.sent !== null && r.received !== null ? r.sent - r.received : '?',
            `${r.swaps} (${r.failures})`,
            `${r.swap_ms_median} ms`,
            `${r.pause_ms_median} ms`,
          ]),
        ),
      );
    }
    if (only.includes('scale')) result.scale = await benchScale(scale, sandbox);
  } finally {
    sw.kill('SIGTERM');
  }
  writeResult('instances-native', result);
  rmSync(work, { recursive: true, force: true });
}

await main();
