// `npm run bench platform`: the platform as a whole (not tests).
//   rtt:     ping RTT between two network namespaces through one Wire instance (NIC port ->
//            switch -> instance -> switch -> NIC port, both ways), against a direct veth pair;
//            sleeping ports (default) and latency mode (the NIC ports busy-polled). Root only.
//   chain:   throughput through chains of 1..9 Wire instances on one switch with static MAC
//            entries: each Wire rewrites the destination to the next one's MAC (EtherRewrite),
//            pktgen tx -> w1 -> ... -> wN -> pktgen rx, 60-byte frames, sleeping ports; once
//            with no placement (the default) and once with the switch on a vCPU of its own
//            (cosmosd --switch-cpus 0 --instance-cpus 1).
//   wake-ups: clickos-wakeup-probe, six idle processes waking each other over eventfds (the
//            wake-ups a ping through a Wire adds to a direct one): the floor under that RTT.
//   apply:   how long applying a chain file takes through @clickos/core (what cosmosd does):
//            three Wires from nothing, the same file again (no changes), one changed Wire.
// Instances are created from chain documents with @clickos/core's applyChain, as cosmosd does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';
import { barChart, lineChart, writePlot } from './plot.mjs';

const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build');
const bin = (p) => join(buildDir, 'bin', p);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SECONDS = 3;
const RX_MAC = '02:00:00:00:bb:01';
const TX_MAC = '02:00:00:00:aa:01';
const inMac = (i) => `02:00:00:00:${(0x10 + i).toString(16)}:00`;
const outMac = (i) => `02:00:00:00:${(0x10 + i).toString(16)}:01`;

async function platform(core, dir, { switchArgs = [], pollUs, defaultCpus } = {}) {
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'switch.sock');
  const sw = spawn(bin('clickos-switch'), ['--socket', socket, ...switchArgs], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10);
  const manager = await core.InstanceManager.open({
    storePath: join(dir, 'store.db'),
    stateDir: join(dir, 'run'),
    process: {
      binary: bin('clickos-instance'),
      switchSocket: socket,
      cgroups: false,
      ...(pollUs !== undefined ? { pollUs } : {}),
      ...(defaultCpus !== undefined ? { defaultCpus } : {}),
    },
    watchdog: { intervalMs: 0 },
  });
  const client = new core.SwitchClient(socket);
  const apply = (doc) => core.applyChain(manager, client, core.Chain.parse(doc));
  return {
    socket,
    apply,
    async close() {
      await manager.close({ stopInstances: true });
      const gone = new Promise((r) => sw.once('exit', r));
      sw.kill('SIGTERM');
      await Promise.race([gone, sleep(2000)]);
    },
    manager,
  };
}

function pktgen(args, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    const p = spawn(bin('clickos-pktgen'), [...args, '--quiet', '--json']);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
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

const wireText = (n) =>
  n === 0
    ? 'FromNetfront(0) -> fwd :: Counter -> ToNetfront(1);\nFromNetfront(1) -> back :: Counter -> ToNetfront(0);\n'
    : 'FromNetfront(0) -> c :: Counter -> EtherRewrite($SRC, $NEXT) -> ToNetfront(1);\nFromNetfront(1) -> Discard;\n';

// Where the chain runs: as the kernel places it, or the switch on a vCPU of its own and every
// instance on the other, where they take turns and find full batches waiting.
const chainPlacements = [
  { key: 'no placement', label: 'no placement (default)' },
  {
    key: 'switch on its own vCPU',
    label: 'switch on vCPU 0, instances on vCPU 1',
    switchCpus: '0',
    instanceCpus: '1',
    needsCpus: 2,
  },
].filter((p) => availableParallelism() >= (p.needsCpus ?? 1));

async function chainThroughput(core, scratch, lengths, repeats, placement) {
  const dir = join(scratch, `chain-${placement.switchCpus ?? 'any'}`);
  mkdirSync(dir, { recursive: true });
  const p = await platform(core, dir, {
    switchArgs: placement.switchCpus ? ['--cpus', placement.switchCpus] : [],
    ...(placement.instanceCpus ? { defaultCpus: placement.instanceCpus } : {}),
  });
  const rows = [];
  try {
    for (const n of lengths) {
      const instances = Array.from({ length: n }, (_, i) => ({
        name: `cw${i + 1}`,
        text: wireText(1),
        definitions: { SRC: outMac(i + 1), NEXT: i + 1 === n ? RX_MAC : inMac(i + 2) },
        ports: [
          { switch: 'chain', mac: inMac(i + 1), slots: 1024 },
          { switch: 'chain', slots: 1024 },
        ],
      }));
      await p.apply({ chain: 'bench', instances });
      const common = ['--socket', p.socket, '--switch', 'chain', '--slots', '1024', '--size', '60'];
      const rates = [];
      for (let r = 0; r < repeats; r++) {
        const received = pktgen([
          ...common,
          '--mode',
          'rx',
          '--src-mac',
          RX_MAC,
          '--static-mac',
          '--duration',
          String(SECONDS + 1),
        ]);
        await sleep(300);
        const sent = await pktgen([
          ...common,
          '--mode',
          'tx',
          '--src-mac',
          TX_MAC,
          '--dst-mac',
          inMac(1),
          '--duration',
          String(SECONDS),
        ]);
        const got = await received;
        if (sent && got) rates.push(got.frames / sent.seconds / 1e6);
      }
      rows.push({
        instances: n,
        mpps: rates.length ? median(rates) : null,
        runs: rates.map((x) => Number(x.toFixed(3))),
      });
      console.log(
        `chain of ${n}, ${placement.key}: ${rows.at(-1).mpps?.toFixed(3)} Mpps (${rows.at(-1).runs.join(' ')})`,
      );
    }
    await p.apply({ chain: 'bench', instances: [] });
  } finally {
    await p.close();
  }
  return rows;
}

function sh(cmd, args) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
}

function pingRtts(ns, ip, count, intervalS) {
  const r = sh('ip', [
    'netns',
    'exec',
    ns,
    'ping',
    '-n',
    '-c',
    String(count),
    '-i',
    String(intervalS),
    '-W',
    '1',
    ip,
  ]);
  return [...r.stdout.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]) * 1000);
}

const pingIntervalsS = [0.01, 0.001];
// The Wire's placements and modes: sleeping ports are the default.
const rttVariants = [
  { key: 'sleeping', short: 'sleeping', label: 'through a Wire, sleeping' },
  { key: 'sleeping, one vCPU', short: 'one vCPU', label: 'the same, switch and Wire on vCPU 0', cpus: '0' },
  {
    key: 'sleeping, switch vCPU 0, Wire vCPU 1',
    short: 'split vCPUs',
    label: 'the same, switch on vCPU 0, Wire on vCPU 1',
    switchCpus: '0',
    cpus: '1',
    needsCpus: 2,
  },
  {
    key: 'sleeping, 50 us poll',
    short: '50 us poll',
    label: 'the same, 50 us poll before sleeping',
    pollUs: 50,
  },
  { key: 'busy NIC ports', short: 'busy NIC', label: 'through a Wire, busy NIC ports', busy: true },
].filter((v) => availableParallelism() >= (v.needsCpus ?? 1));
// CLICKOS_BENCH_PLATFORM=rtt runs only the ping part, =chain only chains of 1 and 9 (printed,
// not written): for trying changes.
const sections = process.env.CLICKOS_BENCH_PLATFORM;

async function rtt(core, scratch, count) {
  if (process.getuid?.() !== 0) return { skipped: 'needs root (network namespaces)' };
  const tag = (process.pid % 10000).toString(36);
  const ns = [1, 2].map((n) => `clickos-bench-${tag}-${n}`);
  const veth = (n, side) => `b${tag}${n}${side}`;
  const cleanup = () => {
    for (const n of [1, 2]) sh('ip', ['link', 'del', veth(n, 'o')]);
    sh('ip', ['link', 'del', `b${tag}d1`]);
    for (const n of ns) sh('ip', ['netns', 'del', n]);
  };
  const step = (args) => {
    const r = sh('ip', args);
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
  };
  const result = {};
  const dir = join(scratch, 'rtt');
  mkdirSync(dir, { recursive: true });
  let p;
  try {
    for (const n of ns) step(['netns', 'add', n]);
    // Direct: one veth pair between the namespaces (10.98.1.0/24).
    step([
      'link',
      'add',
      `b${tag}d1`,
      'netns',
      ns[0],
      'type',
      'veth',
      'peer',
      'name',
      `b${tag}d2`,
      'netns',
      ns[1],
    ]);
    step(['-n', ns[0], 'addr', 'add', '10.98.1.1/24', 'dev', `b${tag}d1`]);
    step(['-n', ns[1], 'addr', 'add', '10.98.1.2/24', 'dev', `b${tag}d2`]);
    step(['-n', ns[0], 'link', 'set', `b${tag}d1`, 'up']);
    step(['-n', ns[1], 'link', 'set', `b${tag}d2`, 'up']);
    // Through the Wire: each namespace's veth peer is a NIC port (10.98.2.0/24).
    for (const n of [1, 2]) {
      step(['link', 'add', veth(n, 'o'), 'type', 'veth', 'peer', 'name', veth(n, 'i'), 'netns', ns[n - 1]]);
      step(['-n', ns[n - 1], 'addr', 'add', `10.98.2.${n}/24`, 'dev', veth(n, 'i')]);
      step(['-n', ns[n - 1], 'link', 'set', veth(n, 'i'), 'up']);
      step(['link', 'set', veth(n, 'o'), 'up']);
    }
    const doc = (busy, cpus) => ({
      chain: 'rtt',
      switches: [
        { name: 'rtt0', nics: [{ ifname: veth(1, 'o'), busy }] },
        { name: 'rtt1', nics: [{ ifname: veth(2, 'o'), busy }] },
      ],
      instances: [
        { name: 'rw', text: wireText(0), ports: ['rtt0', 'rtt1'], ...(cpus ? { resources: { cpus } } : {}) },
      ],
    });
    // Each interval is measured direct and through the Wire: at 10 ms between pings every
    // process on the path (and the vCPU it runs on) has gone cold, which costs the direct veth
    // path alone tens of microseconds; at 1 ms they are still warm.
    for (const interval of pingIntervalsS) {
      pingRtts(ns[0], '10.98.1.2', 20, interval); // ARP and warm-up
      const direct = pingRtts(ns[0], '10.98.1.2', count, interval);
      result[interval] = { direct: { medianUs: median(direct), samples: direct.length } };
    }
    for (const v of rttVariants) {
      p = await platform(core, join(dir, v.key), {
        switchArgs: [
          ...((v.switchCpus ?? v.cpus) ? ['--cpus', v.switchCpus ?? v.cpus] : []),
          ...(v.pollUs ? ['--poll-us', String(v.pollUs)] : []),
        ],
        ...(v.pollUs ? { pollUs: v.pollUs } : {}),
      });
      await p.apply(doc(v.busy, v.cpus));
      for (const interval of pingIntervalsS) {
        pingRtts(ns[0], '10.98.2.2', 20, interval);
        const wire = pingRtts(ns[0], '10.98.2.2', count, interval);
        const direct = result[interval].direct.medianUs;
        result[interval][v.key] = {
          medianUs: median(wire),
          addedUs: median(wire) - direct,
          samples: wire.length,
        };
      }
      await p.close();
      p = undefined;
    }
  } finally {
    if (p) await p.close();
    cleanup();
  }
  return result;
}

// A ping through a Wire wakes six processes a direct ping does not: the switch (frame from
// the NIC port), the Wire, the switch again (frame from the Wire), the same three for the
// reply, the last one waking ping. This is what six such wake-ups cost with no work at all.
const WIRE_PATH_WAKEUPS = 6;
function wakeupFloor(count) {
  const result = {};
  for (const interval of pingIntervalsS) {
    const row = {};
    for (const [key, cpus] of [
      ['unplaced', undefined],
      ['one vCPU', '0'],
    ]) {
      const r = sh(bin('clickos-wakeup-probe'), [
        '--wakeups',
        String(WIRE_PATH_WAKEUPS),
        '--interval-us',
        String(interval * 1e6),
        '--count',
        String(count),
        '--json',
        ...(cpus ? ['--cpus', cpus] : []),
      ]);
      row[key] = r.status === 0 ? JSON.parse(r.stdout) : { error: r.stderr.trim() };
    }
    result[interval] = row;
  }
  return result;
}

// pktgen ping -> (switch | switch -> Wire -> switch) -> pktgen pong, on ring ports: what the
// switch and an instance add without the NIC ports' AF_PACKET receive path.
async function ringRtt(core, scratch, count) {
  const dir = join(scratch, 'ring-rtt');
  mkdirSync(dir, { recursive: true });
  const p = await platform(core, dir);
  const result = {};
  const run = async (pingSwitch, pongSwitch, busy) => {
    const extra = busy ? ['--busy', '--switch-busy'] : [];
    const common = ['--socket', p.socket, '--slots', '256', ...extra];
    // pong ends after answering every ping (or after 20 s).
    const pong = pktgen([
      ...common,
      '--switch',
      pongSwitch,
      '--mode',
      'pong',
      '--src-mac',
      RX_MAC,
      '--count',
      String(count),
      '--duration',
      '20',
    ]);
    await sleep(300);
    const ping = await pktgen([
      ...common,
      '--switch',
      pingSwitch,
      '--mode',
      'ping',
      '--src-mac',
      TX_MAC,
      '--dst-mac',
      RX_MAC,
      '--count',
      String(count),
      '--rate',
      '500',
    ]);
    await pong;
    return ping?.rtt_us
      ? { medianUs: ping.rtt_us.median, p99Us: ping.rtt_us.p99, replies: ping.replies }
      : null;
  };
  try {
    result.switchOnly = await run('rr0', 'rr0', false);
    await p.apply({ chain: 'rr', instances: [{ name: 'rrw', text: wireText(0), ports: ['rr0', 'rr1'] }] });
    result.wire = await run('rr0', 'rr1', false);
    result.wireBusyPktgen = await run('rr0', 'rr1', true);
    await p.apply({ chain: 'rr', instances: [] });
  } finally {
    await p.close();
  }
  return result;
}

async function applyLatency(core, scratch, repeats) {
  const dir = join(scratch, 'apply');
  mkdirSync(dir, { recursive: true });
  const p = await platform(core, dir);
  const times = { create3: [], unchanged: [], changeOne: [], destroy3: [] };
  const doc = (middle) => ({
    chain: 'lat',
    instances: [1, 2, 3].map((i) => ({
      name: `lw${i}`,
      text: i === 2 ? middle : wireText(0),
      ports: [`lat${i - 1}`, `lat${i}`],
    })),
  });
  const other = `${wireText(0)}// changed\n`;
  const timed = async (list, op) => {
    const t0 = performance.now();
    await op();
    list.push(performance.now() - t0);
  };
  try {
    for (let r = 0; r < repeats; r++) {
      await timed(times.create3, () => p.apply(doc(wireText(0))));
      await timed(times.unchanged, () => p.apply(doc(wireText(0))));
      await timed(times.changeOne, () => p.apply(doc(other)));
      await timed(times.destroy3, () => p.apply({ chain: 'lat', instances: [] }));
    }
  } finally {
    await p.close();
  }
  return Object.fromEntries(
    Object.entries(times).map(([k, v]) => [k, { medianMs: median(v), runs: v.length }]),
  );
}

export async function benchPlatform({ repeats = 3, lengths = [1, 2, 3, 5, 7, 9], pings = 300 } = {}) {
  for (const b of ['clickos-instance', 'clickos-switch', 'clickos-pktgen', 'clickos-wakeup-probe']) {
    if (!existsSync(bin(b))) throw new Error(`${bin(b)} is missing: run npm run build`);
  }
  const core = await import(join(repoRoot, 'packages', 'core', 'dist', 'index.js'));
  const scratch = mkdtempSync(join(tmpdir(), 'clickos-bench-platform-'));
  let rttResult;
  let chainRows;
  let applyResult;
  let ringResult;
  let floorResult;
  try {
    if (sections === 'chain') {
      for (const placement of chainPlacements) {
        const rows = await chainThroughput(core, scratch, [1, 9], repeats, placement);
        console.log(`${placement.key}: 9/1 = ${(rows[1].mpps / rows[0].mpps).toFixed(3)}`);
      }
      return;
    }
    rttResult = await rtt(core, scratch, pings);
    floorResult = wakeupFloor(pings);
    if (sections === 'rtt') {
      console.log(JSON.stringify({ rtt: rttResult, wakeups: floorResult }, null, 1));
      return;
    }
    ringResult = await ringRtt(core, scratch, 1000);
    chainRows = {};
    for (const placement of chainPlacements)
      chainRows[placement.key] = await chainThroughput(core, scratch, lengths, repeats, placement);
    applyResult = await applyLatency(core, scratch, 5);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const f = (v, d = 1) => (v == null ? '-' : v.toFixed(d));
  if (rttResult.skipped) console.log(`rtt: skipped, ${rttResult.skipped}`);
  else
    console.log(
      table(
        ['ping RTT', 'ping interval', 'median us', 'added us'],
        pingIntervalsS.flatMap((i) => {
          const r = rttResult[i];
          const ms = `${i * 1000} ms`;
          return [
            ['direct veth', ms, f(r.direct.medianUs), '-'],
            ...rttVariants.map((v) => [v.label, ms, f(r[v.key].medianUs), f(r[v.key].addedUs)]),
          ];
        }),
      ),
    );
  const fl = (r) =>
    r?.median_us != null ? `${f(r.median_us)} (${f(r.per_wakeup_us)} each)` : (r?.error ?? '-');
  console.log(
    `\n${table(
      [`${WIRE_PATH_WAKEUPS} wake-ups of idle processes (clickos-wakeup-probe)`, 'interval', 'median us'],
      pingIntervalsS.flatMap((i) => [
        ['as the kernel places them', `${i * 1000} ms`, fl(floorResult[i].unplaced)],
        ['all on vCPU 0', `${i * 1000} ms`, fl(floorResult[i]['one vCPU'])],
      ]),
    )}`,
  );
  const rr = (r) => (r ? `${f(r.medianUs)} (p99 ${f(r.p99Us)}, ${r.replies} replies)` : 'failed');
  console.log(
    `\n${table(
      ['pktgen ping-pong on ring ports', 'median us'],
      [
        ['through the switch only', rr(ringResult.switchOnly)],
        ['through the switch and a Wire', rr(ringResult.wire)],
        ['the same, pktgen and its ports busy-polled', rr(ringResult.wireBusyPktgen)],
      ],
    )}`,
  );
  for (const placement of chainPlacements) {
    const rows = chainRows[placement.key];
    const base = rows[0]?.mpps;
    console.log(
      `\n${table(
        [`Wires in the chain, ${placement.label}`, 'Mpps (median)', 'of the 1-instance rate', 'runs'],
        rows.map((r) => [
          r.instances,
          f(r.mpps, 3),
          base && r.mpps != null ? f(r.mpps / base, 2) : '-',
          r.runs.join(' '),
        ]),
      )}`,
    );
  }
  console.log(
    `\n${table(
      ['apply (through @clickos/core)', 'median ms'],
      [
        ['3 Wires from nothing (create, attach, boot)', f(applyResult.create3.medianMs)],
        ['the same file again (no changes)', f(applyResult.unchanged.medianMs)],
        ['one Wire changed (check + hot-swap)', f(applyResult.changeOne.medianMs)],
        ['remove the 3 Wires', f(applyResult.destroy3.medianMs)],
      ],
    )}`,
  );
  console.log('\nAPI operation latency over HTTP: npm run bench api (bench/results/api.json)');
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`load average: ${load.join(' ')}`);
  writeResult('platform', {
    repeats,
    seconds: SECONDS,
    loadAverage: load,
    rtt: rttResult,
    wakeupFloor: floorResult,
    ringRtt: ringResult,
    chain: chainRows,
    apply: applyResult,
  });
  if (!rttResult.skipped) {
    writePlot(
      'platform-rtt',
      barChart({
        title: 'Ping RTT, direct veth and through a Wire instance (median)',
        xLabel: 'path',
        yLabel: 'RTT (us)',
        groups: ['direct', ...rttVariants.map((v) => v.short)],
        series: pingIntervalsS.map((i) => ({
          name: `${i * 1000} ms between pings`,
          values: [rttResult[i].direct.medianUs, ...rttVariants.map((v) => rttResult[i][v.key].medianUs)],
        })),
      }),
    );
  }
  writePlot(
    'platform-chain',
    lineChart({
      title: 'Throughput through a chain of Wires on one switch (60 B, median)',
      xLabel: 'Wire instances in the chain',
      yLabel: 'Mpps',
      series: chainPlacements.map((placement) => ({
        name: placement.key,
        points: chainRows[placement.key].map((r) => [r.instances, r.mpps]),
      })),
    }),
  );
  writePlot(
    'platform-apply',
    barChart({
      title: 'cosmos apply through @clickos/core (median)',
      xLabel: 'operation',
      yLabel: 'ms',
      groups: ['3 from nothing', 'no changes', 'one changed', 'remove 3'],
      series: [
        {
          name: 'median',
          values: [
            applyResult.create3.medianMs,
            applyResult.unchanged.medianMs,
            applyResult.changeOne.medianMs,
            applyResult.destroy3.medianMs,
          ],
        },
      ],
    }),
  );
}
