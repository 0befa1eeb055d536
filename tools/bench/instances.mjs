// `npm run bench instances`: the process backend through @clickos/core. Boot + install of one
// Wire (two ring ports) to ready; 1000 Wires booted in sequence (the Nth's boot time, PSS per
// instance with the rings apart, idle CPU); handler read/write latency against payload size;
// reconfiguring 200 instances in one operation; installing a 1 MB configuration.
// Programs come from $CLICKOS_BUILD_DIR/bin (default native/build/bin). Medians throughout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';

const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build');
const bin = (name) => join(buildDir, 'bin', name);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

const WIRE = 'FromNetfront(0) -> ToNetfront(1); FromNetfront(1) -> ToNetfront(0);';
const wirePorts = (slots) => [
  { switch: 'vale0', slots },
  { switch: 'vale1', slots },
];

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function startSwitch(dir) {
  const socket = join(dir, 'switch.sock');
  const p = spawn(bin('clickos-switch'), ['--socket', socket], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10);
  return { socket, process: p };
}

// CPU time of every thread of the process, in nanoseconds (schedstat: exact, unlike the
// 10 ms ticks of /proc/PID/stat, which would round 1000 tiny idle costs down to nothing).
function cpuNs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

// Removes the (empty) parent groups of the benchmark's instances in each v1 hierarchy.
function removeCgroupParent(parent) {
  let own = '';
  try {
    own = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return;
  }
  for (const c of ['memory', 'cpu', 'freezer']) {
    const path = new RegExp(`:${c}:(.*)$`, 'm').exec(own)?.[1] ?? '/';
    try {
      rmdirSync(join('/sys/fs/cgroup', c, path, parent));
    } catch {
      // not made (no cgroups here), or not empty
    }
  }
}

// A 1 MB configuration: a RadixIPLookup with as many /32 routes as fit, fed by nothing.
function bigConfig(bytes) {
  const parts = ['rt :: RadixIPLookup('];
  let size = parts[0].length;
  for (let i = 0; size < bytes - 64; i++) {
    const route = `${i ? ', ' : ''}10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 ${i % 4}`;
    parts.push(route);
    size += route.length;
  }
  parts.push(');\nIdle -> rt; rt[0] -> Discard; rt[1] -> Discard; rt[2] -> Discard; rt[3] -> Discard;\n');
  return parts.join('');
}

export async function benchInstances({ count = 1000, repeats = 20 } = {}) {
  const core = await import(join(repoRoot, 'packages', 'core', 'dist', 'index.js'));
  const binary = bin('clickos-instance');
  if (!existsSync(binary)) {
    console.log(`instances: not measured (${binary} is not built)`);
    return;
  }
  const limit = core.raiseFileLimit(4 * count + 1024);
  const dir = mkdtempSync(join(tmpdir(), 'clickos-bench-instances-'));
  // cgroups of our own (instance names are common: another supervisor may use "w1" too).
  const cgroupOptions = { parent: `clickos-bench-${process.pid}` };
  let sw = await startSwitch(dir);
  const open = (watchdog) =>
    core.InstanceManager.open({
      storePath: join(dir, 'store.db'),
      stateDir: join(dir, 'run'),
      process: { binary, switchSocket: sw.socket, cgroupOptions },
      watchdog,
    });
  let m = await open({ intervalMs: 0 });
  // Other work on the machine shows in every figure: the load average is recorded with them.
  const result = {
    fileLimit: limit,
    cgroups: core.cgroupsUnavailable() ?? 'used',
    loadAverageAtStart: loadavg(),
  };

  try {
    // 1. Boot + install of one Wire to ready: create (ports attached) and start, each run anew.
    // Instances are destroyed only after all runs: a destroy's namespace and cgroup teardown
    // goes on in the kernel after the process ended, and would be timed with the next boot.
    const boots = [];
    const creates = [];
    for (let i = 0; i < repeats; i++) {
      await sleep(20);
      const t0 = now();
      await m.create({ name: `one${i}`, ports: wirePorts(256), config: WIRE });
      const t1 = now();
      await m.start(`one${i}`);
      const t2 = now();
      creates.push(t1 - t0);
      boots.push(t2 - t1);
    }
    for (let i = 0; i < repeats; i++) await m.destroy(`one${i}`);
    result.boot = {
      sandbox: 'auto (the default)',
      createMs: median(creates),
      startToReadyMs: median(boots),
      totalMs: median(boots.map((b, i) => b + creates[i])),
      p90StartMs: percentile(boots, 90),
    };
    // The same with each isolation feature alone, the default without each namespace, and
    // none: what every part costs (namespaces need root).
    result.bootBySandbox = {};
    const root = process.getuid?.() === 0;
    const sandboxes = [
      'none',
      'seccomp',
      'rlimits',
      ...(root ? ['pidns', 'mountns'] : []),
      'seccomp,rlimits',
      ...(root ? ['seccomp,rlimits,pidns', 'seccomp,rlimits,mountns'] : []),
    ];
    for (const sandbox of sandboxes) {
      const v = await core.InstanceManager.open({
        storePath: join(dir, `store-${sandbox}.db`),
        stateDir: join(dir, `run-${sandbox}`),
        process: { binary, switchSocket: sw.socket, sandbox, cgroupOptions },
        watchdog: { intervalMs: 0 },
      });
      const times = [];
      for (let i = 0; i < repeats; i++) {
        await sleep(20);
        await v.create({ name: `v${i}`, ports: wirePorts(256), config: WIRE });
        const t = now();
        await v.start(`v${i}`);
        times.push(now() - t);
      }
      for (let i = 0; i < repeats; i++) await v.destroy(`v${i}`);
      await v.close({ stopInstances: true });
      result.bootBySandbox[sandbox] = { startToReadyMs: median(times), p90StartMs: percentile(times, 90) };
    }

    // 2. N Wires booted in sequence (64-slot rings: 2 ports each).
    const nth = [];
    for (let i = 0; i < count; i++) {
      const name = `w${i}`;
      const t0 = now();
      await m.create({ name, labels: { fleet: 'wire' }, ports: wirePorts(64), config: WIRE });
      await m.start(name);
      nth.push(now() - t0);
    }
    const around = (k) => median(nth.slice(Math.max(0, k - 10), k));
    const sample = [0, Math.floor(count / 4), Math.floor(count / 2), count - 20, count - 1];
    const mem = [];
    for (const k of sample) {
      const s = await m.stats(`w${k}`);
      mem.push({ pss: s.pssBytes - s.ringBytes, ring: s.ringBytes, rss: s.rssBytes, setupUs: s.setupMicros });
    }
    const pids = m.list().flatMap((i) => {
      const r = m.supervisor.handle(i.name)?.runtime;
      return r ? [r.pid, r.enginePid] : [];
    });
    const idle = async (seconds) => {
      const before = pids.reduce((a, p) => a + cpuNs(p), 0);
      const sb = cpuNs(sw.process.pid);
      const hb = process.cpuUsage();
      await sleep(seconds * 1000);
      const after = pids.reduce((a, p) => a + cpuNs(p), 0);
      const h = process.cpuUsage(hb);
      return {
        // percent of one CPU
        instancesCpuPercent: (after - before) / 1e7 / seconds,
        switchCpuPercent: (cpuNs(sw.process.pid) - sb) / 1e7 / seconds,
        supervisorCpuPercent: (h.user + h.system) / 1e4 / seconds,
      };
    };
    const idleNoWatchdog = await idle(5);
    // The watchdog asks each instance for its version once a second: its cost, measured apart.
    // Also a supervisor restart: the new one re-adopts every instance.
    await m.close();
    const ta = now();
    m = await open({ intervalMs: 1000, timeoutMs: 2000 }); // five times the default rate
    const adoptMs = now() - ta;
    const adopted = m.list().filter((i) => i.status === 'running').length;
    // A switch restart (SIGKILL, started again): the supervisor hands every instance's ports
    // back to the new switch, the instances keep running. Timed from the new switch answering
    // to the repair's end.
    await m.repairSwitch(); // the new supervisor's first look at the switch, done
    await m.switchState.settled();
    const repaired = new Promise((resolve) => {
      const on = (r) => {
        if (r.instances.length === 0) return; // the old switch going, a retry that found none yet
        m.switchState.off('repaired', on);
        resolve({ r, at: now() });
      };
      m.switchState.on('repaired', on);
    });
    sw.process.kill('SIGKILL');
    await new Promise((r) => sw.process.once('exit', r));
    sw = await startSwitch(dir);
    const up = now();
    const { r: repair, at: repairedAt } = await repaired;
    const idleWatchdog = await idle(5);
    result.fleet = {
      count,
      firstMs: nth[0],
      medianMs: median(nth),
      nthMs: {
        100: around(100),
        [Math.floor(count / 2)]: around(Math.floor(count / 2)),
        [count]: around(count),
      },
      lastMs: nth[count - 1],
      pssPerInstanceBytes: median(mem.map((x) => x.pss)),
      engineSetupMs: median(mem.map((x) => (x.setupUs ?? 0) / 1000)),
      ringPerInstanceBytes: median(mem.map((x) => x.ring)),
      // What the switch allocates for a Wire's two 64-slot ports: 3 x slots buffers of frame + 64.
      ringAllocatedPerInstanceBytes: 2 * 3 * 64 * (1518 + 64),
      rssPerInstanceBytes: median(mem.map((x) => x.rss)),
      idle: { watchdogOff: idleNoWatchdog, watchdogEverySecond: idleWatchdog },
      readoptAllMs: adoptMs,
      readopted: adopted,
      switchRestart: {
        // Includes noticing the new switch (the reconnect back-off: 100 ms doubling to 2 s).
        upToRepairedMs: repairedAt - up,
        repairMs: repair.durationMs,
        instancesRepaired: repair.instances.length,
        portsHandedBack: repair.instances.reduce((a, i) => a + i.ports.length, 0),
        failures: repair.failures.length,
      },
    };

    // 3. Handler latency against payload size (InfiniteSource's data handler, not sending).
    await m.create({ name: 'h', config: 's :: InfiniteSource(ACTIVE false) -> Discard;' });
    await m.start('h');
    result.handlers = [];
    for (const size of [8, 1024, 64 * 1024, 1024 * 1024]) {
      const value = 'x'.repeat(size);
      const n = size >= 65536 ? 50 : 2000;
      const writes = [];
      const reads = [];
      for (let i = 0; i < n; i++) {
        const t0 = now();
        await m.write('h', 's.data', value);
        const t1 = now();
        const got = await m.read('h', 's.data');
        const t2 = now();
        if (got.length < size) throw new Error(`s.data read back ${got.length} bytes, wrote ${size}`);
        writes.push(t1 - t0);
        reads.push(t2 - t1);
      }
      result.handlers.push({
        bytes: size,
        writeP50Ms: median(writes),
        writeP99Ms: percentile(writes, 99),
        readP50Ms: median(reads),
        readP99Ms: percentile(reads, 99),
      });
    }
    // A small counter read, the usual operator call.
    const small = [];
    for (let i = 0; i < 5000; i++) {
      const t0 = now();
      await m.read('h', 's.count');
      small.push(now() - t0);
    }
    result.smallReadP50Ms = median(small);

    // 4. Reconfigure 200 instances in one operation (hot-swap each).
    const two = Math.min(200, count);
    const names = Array.from({ length: two }, (_, i) => `w${i}`);
    const ALT = 'FromNetfront(0) -> c :: Counter -> ToNetfront(1); FromNetfront(1) -> ToNetfront(0);';
    const reconf = [];
    for (let r = 0; r < 5; r++) {
      const t0 = now();
      const res = await m.reconfigure({ names }, r % 2 ? WIRE : ALT);
      reconf.push(now() - t0);
      const failed = res.filter((x) => !x.ok);
      if (failed.length) throw new Error(`reconfigure: ${failed.length} failed: ${failed[0].error.message}`);
    }
    result.reconfigure = { instances: two, medianMs: median(reconf), allMs: reconf };

    // Destroy the fleet (timed: the other half of the life cycle).
    const t0 = now();
    await m.each({ labels: { fleet: 'wire' } }, (n) => m.destroy(n), 32);
    result.fleet.destroyAllMs = now() - t0;

    // 5. A 1 MB configuration: check, hot-swap into a running instance, and boot with it.
    const big = bigConfig(1 << 20);
    const checks = [];
    const swaps = [];
    const bigBoots = [];
    await m.create({ name: 'big', config: 'Idle -> Discard;' });
    await m.start('big');
    for (let r = 0; r < 5; r++) {
      let t = now();
      const c = core.check(big);
      checks.push(now() - t);
      if (!c.ok) throw new Error(c.diagnostics[0].text);
      t = now();
      const res = await m.install('big', r % 2 ? `${big}// ${r}\n` : big);
      swaps.push(now() - t);
      if (res.mode !== 'hot-swap') throw new Error(`1 MB install: ${res.mode}`);
      await m.stop('big');
      t = now();
      await m.start('big');
      bigBoots.push(now() - t);
    }
    result.bigConfig = {
      bytes: Buffer.byteLength(big),
      routes: big.split('/32').length - 1,
      checkMs: median(checks),
      installMs: median(swaps),
      bootMs: median(bigBoots),
    };
  } finally {
    // Destroy (not just stop) what is left, so no cgroup or port outlives the benchmark.
    await m.each('all', (n) => m.destroy(n), 32);
    await m.close({ stopInstances: true });
    sw.process.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    removeCgroupParent(cgroupOptions.parent);
  }

  result.loadAverageAtEnd = loadavg();
  writeResult('instances', result);
  console.log(
    `load average at start ${result.loadAverageAtStart[0].toFixed(1)}, at end ${result.loadAverageAtEnd[0].toFixed(1)} (2 vCPUs)`,
  );
  const ms = (x) => `${x.toFixed(2)} ms`;
  const mb = (x) => `${(x / 1048576).toFixed(2)} MB`;
  console.log(
    table(
      ['what', 'measured', 'target'],
      [
        ['boot + install one Wire (start to ready)', ms(result.boot.startToReadyMs), '<= 5 ms'],
        ['  with create (2 ports attached)', ms(result.boot.totalMs), ''],
        ...Object.entries(result.bootBySandbox).map(([sb, v]) => [
          `  the same, --sandbox ${sb}`,
          ms(v.startToReadyMs),
          '',
        ]),
        [`${count}th Wire booted in sequence`, ms(result.fleet.nthMs[count]), '<= 10 ms'],
        ['  of it, the engine from main() to ready', ms(result.fleet.engineSetupMs), ''],
        ['PSS per Wire instance (rings apart)', mb(result.fleet.pssPerInstanceBytes), '<= 4 MB'],
        [
          'ring memory per Wire (2 x 64 slots): touched / allocated',
          `${mb(result.fleet.ringPerInstanceBytes)} / ${mb(result.fleet.ringAllocatedPerInstanceBytes)}`,
          '',
        ],
        [
          `idle CPU, ${count} instances (watchdog off / 1 s)`,
          `${result.fleet.idle.watchdogOff.instancesCpuPercent.toFixed(2)} % / ${result.fleet.idle.watchdogEverySecond.instancesCpuPercent.toFixed(2)} %`,
          '~0',
        ],
        [
          '  supervisor (Node) idle CPU, watchdog off / 1 s',
          `${result.fleet.idle.watchdogOff.supervisorCpuPercent.toFixed(2)} % / ${result.fleet.idle.watchdogEverySecond.supervisorCpuPercent.toFixed(2)} %`,
          '',
        ],
        ['handler read p50 (small value)', ms(result.smallReadP50Ms), '<= 0.1 ms'],
        ...result.handlers.map((h) => [
          `handler write / read p50, ${h.bytes} B`,
          `${ms(h.writeP50Ms)} / ${ms(h.readP50Ms)}`,
          h.bytes <= 1024 ? '<= 0.1 ms' : '',
        ]),
        [`reconfigure ${result.reconfigure.instances} instances`, ms(result.reconfigure.medianMs), '< 1 s'],
        [`install ${mb(result.bigConfig.bytes)} config (hot-swap)`, ms(result.bigConfig.installMs), ''],
        [
          '  its check / boot with it',
          `${ms(result.bigConfig.checkMs)} / ${ms(result.bigConfig.bootMs)}`,
          '',
        ],
        [`re-adopt ${result.fleet.readopted} instances (new supervisor)`, ms(result.fleet.readoptAllMs), ''],
        [
          `switch restart: ${result.fleet.switchRestart.portsHandedBack} ports of ${result.fleet.switchRestart.instancesRepaired} instances handed back`,
          `${ms(result.fleet.switchRestart.repairMs)} (${ms(result.fleet.switchRestart.upToRepairedMs)} after it came up)`,
          '',
        ],
        [`destroy ${count} instances`, ms(result.fleet.destroyAllMs), ''],
      ],
    ),
  );
}
