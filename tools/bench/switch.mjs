// `npm run bench switch`: the switch's port-to-port rate between two pktgen peers (60 to
// 1500-byte frames; sleeping, pktgen busy-polling, and busy-polling on the switch side too),
// ring size against rate and memory, wake-up latency (ping-pong through the switch), idle CPU
// with 500 sleeping ports, and NIC ports on a veth pair (AF_PACKET sleeping and busy, AF_XDP)
// in both directions. Medians of repeated runs; which processes ran is stated. Each
// experiment also gets a plot (bench/results/switch-*.svg).
//
// For trying changes, CLICKOS_BENCH_SWITCH picks parts (a comma list of port-to-port, rings,
// latency, idle, nic; printed, not written), CLICKOS_BENCH_NIC_VARIANTS NIC variants by name
// (AF_PACKET, "AF_PACKET, switch busy", AF_XDP: a comma list of exact names, the busy one
// given as "switch busy") and CLICKOS_BENCH_NIC_REPEATS the runs per NIC row (default 3), e.g.
//   CLICKOS_BENCH_SWITCH=nic CLICKOS_BENCH_NIC_VARIANTS=AF_PACKET node tools/bench/run.mjs switch
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';
import { barChart, lineChart, writePlot } from './plot.mjs';

const bin = join(process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build'), 'bin');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SECONDS = 2; // per throughput run
const RX_MAC = '02:00:00:00:00:99';

async function startSwitch(socket, args = []) {
  rmSync(socket, { force: true });
  const p = spawn(join(bin, 'clickos-switch'), ['--socket', socket, ...args], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await sleep(20);
  return p;
}

function control(socket, request) {
  return new Promise((resolve) => {
    const c = connect(socket);
    let data = '';
    c.on('data', (d) => {
      data += d;
      if (data.includes('\n')) {
        c.end();
        resolve(JSON.parse(data.split('\n')[0]));
      }
    });
    c.on('error', (e) => resolve({ ok: false, error: String(e) }));
    c.write(`${JSON.stringify(request)}\n`);
  });
}

// pktgen, in network namespace `ns` when given; resolves its JSON summary (null on failure).
function pktgen(args, ns) {
  return new Promise((resolve) => {
    const cmd = ns ? 'ip' : join(bin, 'clickos-pktgen');
    const all = ns ? ['netns', 'exec', ns, join(bin, 'clickos-pktgen'), ...args] : args;
    const p = spawn(cmd, [...all, '--quiet', '--json'], { encoding: 'utf8' });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve(null);
      }
    });
  });
}

// One tx -> switch -> rx run; rx starts first and outlives tx.
async function throughput(txArgs, rxArgs, txNs, rxNs) {
  const rx = pktgen([...rxArgs, '--mode', 'rx', '--duration', String(SECONDS + 1)], rxNs);
  await sleep(200);
  const tx = await pktgen([...txArgs, '--mode', 'tx', '--duration', String(SECONDS)], txNs);
  const r = await rx;
  if (!tx || !r) return null;
  return { offered: tx.mpps, received: r.frames / tx.seconds / 1e6 };
}

// `eager`: the same switch without kick coalescing (--kick-frames 0: a sleeping receiver is
// woken at every batch), side by side with the default.
const MODES = {
  sleeping: { pktgen: [], label: 'sleeping (default)' },
  'sleeping, a kick per batch': { pktgen: [], eager: true, label: 'sleeping, --kick-frames 0' },
  'busy-poll': { pktgen: ['--busy'], label: 'pktgen busy-polls' },
  'switch busy': { pktgen: ['--busy', '--switch-busy'], label: 'pktgen and switch busy-poll' },
};

async function portToPort(sockets, { size, mode, slots = 1024 }) {
  const socket = MODES[mode].eager ? sockets.eager : sockets.main;
  const common = ['--switch', 'vale0', '--socket', socket, '--slots', String(slots), ...MODES[mode].pktgen];
  // The receiver's address is a static entry: frames to it are unicast, and a full receiver
  // ring holds the sender back instead of dropping (the switch's backpressure).
  return throughput(
    [...common, '--size', String(size), '--dst-mac', RX_MAC],
    [...common, '--src-mac', RX_MAC, '--static-mac'],
  );
}

function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

function sh(cmd, args) {
  return spawnSync(cmd, args, { encoding: 'utf8' });
}

// A veth pair for NIC ports: `host` joins the switch, `peer` sits in a namespace with pktgen.
function makeVeth() {
  const tag = `cb${process.pid % 100000}`;
  const v = { ns: `${tag}n`, host: `${tag}h`, peer: `${tag}p` };
  if (process.getuid?.() !== 0 || sh('ip', ['netns', 'add', v.ns]).status !== 0) return null;
  sh('ip', ['link', 'add', v.host, 'type', 'veth', 'peer', 'name', v.peer]);
  sh('ip', ['link', 'set', v.peer, 'netns', v.ns]);
  sh('sysctl', ['-qw', `net.ipv6.conf.${v.host}.disable_ipv6=1`]);
  sh('ip', ['netns', 'exec', v.ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
  sh('ip', ['link', 'set', v.host, 'up']);
  sh('ip', ['-n', v.ns, 'link', 'set', v.peer, 'up']);
  return v;
}

function removeVeth(v) {
  if (!v) return;
  sh('ip', ['link', 'del', v.host]);
  sh('ip', ['netns', 'del', v.ns]);
}

const NIC_VARIANTS = [
  { name: 'AF_PACKET', key: 'AF_PACKET', request: { mode: 'packet' } },
  { name: 'AF_PACKET, switch busy', key: 'switch busy', request: { mode: 'packet', busy: true } },
  { name: 'AF_XDP', key: 'AF_XDP', request: { mode: 'xdp' } },
];
const PARTS = ['port-to-port', 'rings', 'latency', 'idle', 'nic'];
const wantedParts = process.env.CLICKOS_BENCH_SWITCH?.split(',').map((x) => x.trim());
const wantedVariants = process.env.CLICKOS_BENCH_NIC_VARIANTS?.split(',').map((x) => x.trim());
const part = (name) => !wantedParts || wantedParts.includes(name);

async function nicPorts(socket, repeats) {
  const v = makeVeth();
  if (!v) return { error: 'needs root and network namespaces' };
  const out = { rows: [], skipped: [] };
  try {
    for (const variant of NIC_VARIANTS.filter((x) => !wantedVariants || wantedVariants.includes(x.key))) {
      const sw = `nic${out.rows.length + out.skipped.length}`;
      const r = await control(socket, { op: 'nic-attach', switch: sw, ifname: v.host, ...variant.request });
      if (!r.ok) {
        out.skipped.push({ variant: variant.name, error: r.error });
        continue;
      }
      const ring = ['--switch', sw, '--socket', socket, '--slots', '1024'];
      for (const direction of ['veth -> ring', 'ring -> veth']) {
        const runs = [];
        for (let i = 0; i < repeats; i++) {
          const res =
            direction === 'veth -> ring'
              ? await throughput(
                  ['--ifname', v.peer, '--dst-mac', RX_MAC],
                  [...ring, '--src-mac', RX_MAC, '--static-mac'],
                  v.ns,
                  undefined,
                )
              : await throughput(
                  [...ring, '--dst-mac', '02:00:00:00:00:77'], // unknown: flooded to the NIC port
                  ['--ifname', v.peer],
                  undefined,
                  v.ns,
                );
          if (res) runs.push(res);
        }
        out.rows.push({
          variant: variant.name,
          direction,
          receivedMpps: median(runs.map((x) => x.received)),
          offeredMpps: median(runs.map((x) => x.offered)),
          runs: runs.length,
        });
      }
      const ports = await control(socket, { op: 'ports', switch: sw });
      const nic = ports.ports?.find((p) => p.kind !== 'ring');
      if (nic?.info) out.rows[out.rows.length - 1].info = nic.info;
      if (nic) await control(socket, { op: 'detach', port: nic.port });
    }
  } finally {
    removeVeth(v);
  }
  return out;
}

// Ping-pong on vale0; with `load`, while a pktgen stream on other ports of the same switch
// process ("load0") keeps its forwarding loop busy: what a frame waits for its kick then.
async function latency(sockets, mode, repeats, load = false) {
  const socket = MODES[mode].eager ? sockets.eager : sockets.main;
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    const common = ['--switch', 'vale0', '--socket', socket, ...MODES[mode].pktgen];
    const loadCommon = ['--switch', 'load0', '--socket', socket, '--slots', '1024'];
    const stream = load
      ? [
          pktgen([...loadCommon, '--mode', 'rx', '--src-mac', RX_MAC, '--static-mac', '--duration', '3.5']),
          sleep(200).then(() =>
            pktgen([
              ...loadCommon,
              '--mode',
              'tx',
              '--dst-mac',
              RX_MAC,
              '--rate',
              '1000000',
              '--duration',
              '3',
            ]),
          ),
        ]
      : [];
    if (load) await sleep(400);
    const pong = pktgen([
      ...common,
      '--mode',
      'pong',
      '--duration',
      '2.5',
      '--src-mac',
      '02:00:00:00:00:98',
      '--static-mac',
    ]);
    await sleep(200);
    const ping = await pktgen([
      ...common,
      '--mode',
      'ping',
      '--count',
      '1000',
      '--rate',
      '1000',
      '--dst-mac',
      '02:00:00:00:00:98',
    ]);
    await pong;
    await Promise.all(stream);
    if (ping?.rtt_us && ping.replies > 0) runs.push(ping.rtt_us);
  }
  if (!runs.length) return null;
  return {
    min: median(runs.map((r) => r.min)),
    median: median(runs.map((r) => r.median)),
    p99: median(runs.map((r) => r.p99)),
    runs: runs.length,
  };
}

export async function benchSwitch({ repeats = 5 } = {}) {
  for (const p of wantedParts ?? [])
    if (!PARTS.includes(p))
      throw new Error(`CLICKOS_BENCH_SWITCH: unknown part '${p}' (${PARTS.join(', ')})`);
  for (const v of wantedVariants ?? [])
    if (!NIC_VARIANTS.some((x) => x.key === v))
      throw new Error(
        `CLICKOS_BENCH_NIC_VARIANTS: unknown variant '${v}' (${NIC_VARIANTS.map((x) => x.key).join(', ')})`,
      );
  const nicRepeats = Number(process.env.CLICKOS_BENCH_NIC_REPEATS ?? 3);
  if (!Number.isInteger(nicRepeats) || nicRepeats < 1)
    throw new Error('CLICKOS_BENCH_NIC_REPEATS: a whole number from 1');
  const socket = `/tmp/clickos-bench-switch-${process.pid}.sock`;
  const sw = await startSwitch(socket);
  const sockets = { main: socket, eager: `${socket}.eager` };
  const eager = await startSwitch(sockets.eager, ['--kick-frames', '0']);
  const frameBuffer = Math.ceil((1518 + 64) / 64) * 64; // 1518-byte frames + 64 bytes headroom
  const result = {
    binaries: bin,
    // Other work on the 2 vCPUs changes every figure here; the 1-minute load says how much there was.
    loadAverageAtStart: loadavg()[0],
    portToPort: [],
    rings: [],
    ringBufferBytes: frameBuffer,
    latency: {},
    latencyUnderLoad: {},
    idle: {},
    nic: null,
  };
  try {
    console.log(`load average at start: ${result.loadAverageAtStart.toFixed(2)} (2 vCPUs)`);
    for (const mode of part('port-to-port') ? Object.keys(MODES) : []) {
      for (const size of [60, 128, 512, 1500]) {
        const runs = [];
        for (let i = 0; i < (size === 60 ? repeats : 3); i++) {
          const r = await portToPort(sockets, { size, mode });
          if (r) runs.push(r);
        }
        result.portToPort.push({
          mode,
          size,
          receivedMpps: median(runs.map((r) => r.received)),
          offeredMpps: median(runs.map((r) => r.offered)),
          gbps: (median(runs.map((r) => r.received)) * size * 8) / 1000,
          runs: runs.length,
        });
      }
    }
    for (const slots of part('rings') ? [64, 256, 1024, 2048] : []) {
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const r = await portToPort(sockets, { size: 60, mode: 'sleeping', slots });
        if (r) runs.push(r.received);
      }
      result.rings.push({
        slots,
        receivedMpps: median(runs),
        portMemoryKiB: Math.round((3 * slots * frameBuffer) / 1024),
      });
    }
    if (part('latency')) {
      for (const mode of Object.keys(MODES)) result.latency[mode] = await latency(sockets, mode, 3);
      for (const mode of ['sleeping', 'sleeping, a kick per batch'])
        result.latencyUnderLoad[mode] = await latency(sockets, mode, 3, true);
    }
    // 500 ports attached and idle: the switch's CPU over 5 s.
    const conns = [];
    for (let i = 0; i < (part('idle') ? 500 : 0); i++) {
      const c = connect(socket);
      c.on('error', () => {});
      c.write(`${JSON.stringify({ op: 'attach', switch: 'idle', slots: 64, name: `idle${i}` })}\n`);
      conns.push(c);
    }
    if (part('idle')) {
      await sleep(1000);
      const before = cpuSeconds(sw.pid);
      await sleep(5000);
      result.idle = { ports: 500, cpuPercent: ((cpuSeconds(sw.pid) - before) / 5) * 100 };
      for (const c of conns) c.destroy();
      await sleep(500);
    }
    if (part('nic')) result.nic = await nicPorts(socket, nicRepeats);
  } finally {
    sw.kill('SIGTERM');
    eager.kill('SIGTERM');
    rmSync(socket, { force: true });
    rmSync(sockets.eager, { force: true });
  }
  report(result);
  result.loadAverageAtEnd = loadavg()[0];
  console.log(`load average at end: ${result.loadAverageAtEnd.toFixed(2)}`);
  if (wantedParts || wantedVariants || process.env.CLICKOS_BENCH_NIC_REPEATS) {
    console.log('(some parts only: printed, not written)');
    return result;
  }
  writeResult('switch', result);
  plot(result);
  return result;
}

function report(result) {
  if (result.portToPort.length)
    console.log(
      table(
        ['mode', 'frame bytes', 'received Mpps', 'offered Mpps', 'Gb/s'],
        result.portToPort.map((r) => [
          r.mode,
          r.size,
          r.receivedMpps.toFixed(2),
          r.offeredMpps.toFixed(2),
          r.gbps.toFixed(2),
        ]),
      ),
    );
  if (result.rings.length)
    console.log(
      `\n${table(
        ['ring slots', 'received Mpps (60 B)', 'port memory KiB'],
        result.rings.map((r) => [r.slots, r.receivedMpps.toFixed(2), r.portMemoryKiB]),
      )}`,
    );
  if (result.rings.length)
    console.log(
      `ring buffers: ${result.ringBufferBytes} bytes each, 3 per slot (1518-byte frames + 64 headroom)`,
    );
  const roundTrips = (title, byMode) => {
    if (!Object.keys(byMode).length) return;
    const us = (x, k) => (x ? x[k].toFixed(1) : 'n/a');
    console.log(
      `\n${table(
        [title, 'min us', 'median us', 'p99 us'],
        Object.entries(byMode).map(([mode, x]) => [mode, us(x, 'min'), us(x, 'median'), us(x, 'p99')]),
      )}`,
    );
  };
  roundTrips('round trip (ping-pong)', result.latency);
  roundTrips('round trip while a 1 Mpps stream crosses the same switch', result.latencyUnderLoad);
  if (result.idle.ports)
    console.log(
      `\nidle: ${result.idle.ports} sleeping ports, switch CPU ${result.idle.cpuPercent.toFixed(2)} %`,
    );
  if (result.nic?.rows) {
    console.log(
      `\n${table(
        ['NIC port (veth)', 'direction', 'received Mpps', 'offered Mpps'],
        result.nic.rows.map((r) => [
          r.variant,
          r.direction,
          r.receivedMpps.toFixed(3),
          r.offeredMpps.toFixed(3),
        ]),
      )}`,
    );
    for (const s of result.nic.skipped) console.log(`NIC port ${s.variant}: not measured (${s.error})`);
  } else if (result.nic) {
    console.log(`\nNIC ports: not measured (${result.nic.error})`);
  }
  console.log(
    '\nport to port: 1024-slot rings; switch, pktgen tx and pktgen rx share the 2 vCPUs (3 processes);' +
      ' NIC: pktgen on the veth end in a namespace, pktgen on a ring port, the switch between them',
  );
}

export function plot(result) {
  const sizes = [60, 128, 512, 1500];
  const modes = Object.keys(MODES);
  writePlot(
    'switch-port-to-port',
    barChart({
      title: 'Port to port through clickos-switch (1024-slot rings, median)',
      xLabel: 'frame size (bytes)',
      yLabel: 'received (Mpps)',
      groups: sizes.map(String),
      series: modes.map((m) => ({
        name: m,
        values: sizes.map((s) => result.portToPort.find((r) => r.mode === m && r.size === s)?.receivedMpps),
      })),
    }),
  );
  writePlot(
    'switch-rings',
    lineChart({
      title: `Ring size, 60-byte frames (buffers of ${result.ringBufferBytes} B, 3 per slot)`,
      xLabel: 'ring slots (port memory: 3 x slots x buffer)',
      yLabel: 'received (Mpps)',
      logX: true,
      series: [{ name: 'received Mpps', points: result.rings.map((r) => [r.slots, r.receivedMpps]) }],
    }),
  );
  writePlot(
    'switch-ring-memory',
    barChart({
      title: 'Memory per ring port',
      xLabel: 'ring slots',
      yLabel: 'port memory (KiB)',
      groups: result.rings.map((r) => String(r.slots)),
      series: [{ name: 'KiB', values: result.rings.map((r) => r.portMemoryKiB) }],
    }),
  );
  const lat = Object.entries(result.latency);
  writePlot(
    'switch-latency',
    barChart({
      title: 'Round trip through the switch (ping-pong, 1000 pings x 3)',
      xLabel: 'mode',
      yLabel: 'round trip (us, log scale)',
      logY: true,
      groups: lat.map(([m]) => m),
      series: [
        { name: 'median', values: lat.map(([, x]) => x?.median) },
        { name: 'p99', values: lat.map(([, x]) => x?.p99) },
      ],
    }),
  );
  writePlot(
    'switch-idle',
    barChart({
      title: 'Switch CPU with idle ports (5 s)',
      xLabel: 'sleeping ring ports',
      yLabel: 'CPU (%)',
      groups: [String(result.idle.ports)],
      series: [{ name: 'CPU %', values: [result.idle.cpuPercent] }],
    }),
  );
  if (result.nic?.rows?.length) {
    const variants = [...new Set(result.nic.rows.map((r) => r.variant))];
    const dirs = ['veth -> ring', 'ring -> veth'];
    writePlot(
      'switch-nic',
      barChart({
        title: 'NIC port on a veth pair, 60-byte frames (median of 3)',
        xLabel: 'direction',
        yLabel: 'received (Mpps)',
        groups: dirs,
        series: variants.map((v) => ({
          name: v,
          values: dirs.map(
            (d) => result.nic.rows.find((r) => r.variant === v && r.direction === d)?.receivedMpps,
          ),
        })),
      }),
    );
  }
}
