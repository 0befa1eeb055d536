// `npm run bench switch`: the switch's port-to-port rate between two pktgen peers (64 to
// 1500-byte frames, sleeping and busy-polling), ring size against rate and memory, wake-up
// latency (ping-pong through the switch), idle CPU with 500 sleeping ports, and a NIC port
// on a veth pair (not measured yet). Medians of repeated runs; which processes ran is stated.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';

const bin = join(repoRoot, 'native', 'build', 'bin');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startSwitch(socket) {
  rmSync(socket, { force: true });
  const p = spawn(join(bin, 'clickos-switch'), ['--socket', socket], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await sleep(20);
  return p;
}

function pktgen(args) {
  return new Promise((resolve) => {
    const p = spawn(join(bin, 'clickos-pktgen'), [...args, '--quiet', '--json'], { encoding: 'utf8' });
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

async function portToPort(socket, { size, busy, slots = 1024, seconds = 2 }) {
  const common = ['--switch', 'vale0', '--socket', socket, '--slots', String(slots)];
  const extra = busy ? ['--busy'] : [];
  // The receiver's address is a static entry: frames to it are unicast, and a full receiver
  // ring holds the sender back instead of dropping (the switch's backpressure).
  const rx = pktgen([
    ...common,
    '--mode',
    'rx',
    '--duration',
    String(seconds + 1),
    '--src-mac',
    '02:00:00:00:00:99',
    '--static-mac',
    ...extra,
  ]);
  await sleep(200);
  const tx = await pktgen([
    ...common,
    '--mode',
    'tx',
    '--size',
    String(size),
    '--duration',
    String(seconds),
    '--dst-mac',
    '02:00:00:00:00:99',
    ...extra,
  ]);
  const r = await rx;
  if (!tx || !r) return null;
  return { offered: tx.mpps, received: r.frames / tx.seconds / 1e6 };
}

function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

export async function benchSwitch({ repeats = 5 } = {}) {
  const socket = `/tmp/clickos-bench-switch-${process.pid}.sock`;
  const sw = await startSwitch(socket);
  const result = { portToPort: [], rings: [], latency: {}, idle: {}, nic: null };
  try {
    for (const busy of [false, true]) {
      for (const size of [60, 128, 512, 1500]) {
        const runs = [];
        for (let i = 0; i < (size === 60 ? repeats : 3); i++) {
          const r = await portToPort(socket, { size, busy });
          if (r) runs.push(r);
        }
        result.portToPort.push({
          mode: busy ? 'busy-poll' : 'sleeping',
          size,
          receivedMpps: median(runs.map((r) => r.received)),
          offeredMpps: median(runs.map((r) => r.offered)),
          gbps: (median(runs.map((r) => r.received)) * size * 8) / 1000,
        });
      }
    }
    for (const slots of [64, 256, 1024, 2048]) {
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const r = await portToPort(socket, { size: 60, busy: false, slots });
        if (r) runs.push(r.received);
      }
      const frameBuf = Math.ceil((1518 + 64) / 64) * 64;
      result.rings.push({
        slots,
        receivedMpps: median(runs),
        portMemoryKiB: Math.round((3 * slots * frameBuf) / 1024),
      });
    }
    for (const busy of [false, true]) {
      const common = ['--switch', 'vale0', '--socket', socket];
      const pong = pktgen([
        ...common,
        '--mode',
        'pong',
        '--duration',
        '4',
        '--src-mac',
        '02:00:00:00:00:98',
        '--static-mac',
        ...(busy ? ['--busy'] : []),
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
        ...(busy ? ['--busy'] : []),
      ]);
      await pong;
      result.latency[busy ? 'busyPoll' : 'sleeping'] = ping?.rtt_us ?? null;
    }
    // 500 ports attached and idle: the switch's CPU over 5 s.
    const conns = [];
    for (let i = 0; i < 500; i++) {
      const c = connect(socket);
      c.on('error', () => {});
      c.write(`${JSON.stringify({ op: 'attach', switch: 'idle', slots: 64, name: `idle${i}` })}\n`);
      conns.push(c);
    }
    await sleep(1000);
    const before = cpuSeconds(sw.pid);
    await sleep(5000);
    result.idle = { ports: 500, cpuPercent: ((cpuSeconds(sw.pid) - before) / 5) * 100 };
    for (const c of conns) c.destroy();
  } finally {
    sw.kill('SIGTERM');
    rmSync(socket, { force: true });
  }
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
  console.log(
    `\n${table(
      ['ring slots', 'received Mpps (60 B)', 'port memory KiB'],
      result.rings.map((r) => [r.slots, r.receivedMpps.toFixed(2), r.portMemoryKiB]),
    )}`,
  );
  const lat = (x) => (x ? `min ${x.min} / median ${x.median} / p99 ${x.p99} us` : 'n/a');
  console.log(`\nround trip through the switch (ping-pong): sleeping ${lat(result.latency.sleeping)}`);
  console.log(`                                          busy-poll ${lat(result.latency.busyPoll)}`);
  console.log(`idle: ${result.idle.ports} sleeping ports, switch CPU ${result.idle.cpuPercent.toFixed(2)} %`);
  console.log(
    'port to port: 1024-slot rings; switch, pktgen tx and pktgen rx share the 2 vCPUs (3 busy processes)',
  );
  writeResult('switch', result);
  return result;
}
