// `npm run bench middleboxes`: the wire and ethermirror plugins (the ClickOS paper's baselines)
// with 64-byte frames, median of 5 runs:
//   in-engine:  the plugin's configuration run by clickos-run, its ports replaced by an
//               InfiniteSource (LENGTH 64, BURST 32) and a Discard (N frames, timed end to end);
//   switch:     the plugin installed, created and started as a real instance (clickos-instance)
//               with its ports on clickos-switch; clickos-pktgen tx -> switch -> instance ->
//               switch -> clickos-pktgen rx, sleeping ports (four processes on the 2 vCPUs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, table, writeResult } from './common.mjs';
import { benchIpMiddleboxes } from './middleboxes-ip.mjs';

const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build');
const bin = join(buildDir, 'bin');
const PLUGINS = ['wire', 'ethermirror'];
const SECONDS = 3;
const MIRROR_MAC = '02:00:00:00:0e:aa';
const RX_MAC = '02:00:00:00:00:01';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function timed(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(join(bin, 'clickos-run'), args, { encoding: 'utf8' });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: r.status, stderr: r.stderr };
}

// The plugin's configuration with input port 0 fed by InfiniteSource, other inputs idle, outputs discarded.
function inEngine(core, plugin, packets, repeats, scratch) {
  const p = core.preparePlugin(join(repoRoot, 'middleboxes', plugin), join(scratch, `${plugin}-work`));
  const resolved = p.resolve();
  const text = core.replacePorts(resolved.text, resolved, {
    input: (port) =>
      port === 0 ? `InfiniteSource(LENGTH 64, LIMIT ${packets}, BURST 32, STOP true)` : 'Idle',
    output: () => 'Discard',
  });
  const file = join(scratch, `${plugin}-engine.click`);
  writeFileSync(file, text);
  const rates = [];
  for (let i = 0; i < repeats; i++) {
    const r = timed([...p.packagePath.flatMap((d) => ['-P', d]), file]);
    if (r.status !== 0) return { error: r.stderr.trim().split('\n')[0] };
    rates.push(packets / r.seconds / 1e6);
  }
  return { mpps: median(rates), runs: rates.map((x) => Number(x.toFixed(2))) };
}

function pktgen(args) {
  return new Promise((resolve) => {
    const p = spawn(join(bin, 'clickos-pktgen'), [...args, '--quiet', '--json'], { encoding: 'utf8' });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
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

async function throughSwitch(core, plugin, repeats, scratch) {
  const dir = join(scratch, `${plugin}-switch`);
  const socket = join(dir, 'switch.sock');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const sw = spawn(join(bin, 'clickos-switch'), ['--socket', socket], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10);
  const manager = await core.InstanceManager.open({
    storePath: join(dir, 'store.db'),
    stateDir: join(dir, 'run'),
    process: { binary: join(bin, 'clickos-instance'), switchSocket: socket, cgroups: false },
  });
  try {
    const registry = new core.PluginRegistry({ store: manager.store, dir: join(dir, 'plugins') });
    await registry.install(join(repoRoot, 'middleboxes', plugin));
    // wire: tx on switch a, the wire between a and b, rx on b (broadcast frames, flooded to the one other port).
    // ethermirror: tx sends to the mirror's MAC with rx's MAC as source; the mirror sends them to rx.
    const ports =
      plugin === 'wire'
        ? [
            { switch: 'a', slots: 1024 },
            { switch: 'b', slots: 1024 },
          ]
        : [{ switch: 'm', mac: MIRROR_MAC, slots: 1024 }];
    await manager.create(registry.createSpec({ name: plugin, ports }, { name: plugin }));
    await manager.start(plugin);
    const common = ['--socket', socket, '--slots', '1024', '--size', '60'];
    const tx =
      plugin === 'wire'
        ? [...common, '--switch', 'a']
        : [...common, '--switch', 'm', '--src-mac', RX_MAC, '--dst-mac', MIRROR_MAC];
    const rx =
      plugin === 'wire'
        ? [...common, '--switch', 'b']
        : [...common, '--switch', 'm', '--src-mac', RX_MAC, '--static-mac'];
    const rates = [];
    const offered = [];
    for (let i = 0; i < repeats; i++) {
      const received = pktgen([...rx, '--mode', 'rx', '--duration', String(SECONDS + 1)]);
      await sleep(200);
      const sent = await pktgen([...tx, '--mode', 'tx', '--duration', String(SECONDS)]);
      const got = await received;
      if (!sent || !got) return { error: 'pktgen failed' };
      offered.push(sent.mpps);
      rates.push(got.frames / sent.seconds / 1e6);
    }
    return {
      mpps: median(rates),
      runs: rates.map((x) => Number(x.toFixed(3))),
      offeredMpps: Number(median(offered).toFixed(3)),
    };
  } finally {
    await manager.close({ stopInstances: true });
    sw.kill('SIGTERM');
  }
}

// The same pktgen pair straight through the switch (no instance), in the same session: the
// reference the middlebox rates are read against on this shared machine.
async function switchOnly(repeats, scratch) {
  const dir = join(scratch, 'switch-only');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'switch.sock');
  const sw = spawn(join(bin, 'clickos-switch'), ['--socket', socket], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10);
  try {
    const common = ['--socket', socket, '--slots', '1024', '--size', '60', '--switch', 'p'];
    const rates = [];
    for (let i = 0; i < repeats; i++) {
      const received = pktgen([...common, '--mode', 'rx', '--duration', String(SECONDS + 1)]);
      await sleep(200);
      const sent = await pktgen([...common, '--mode', 'tx', '--duration', String(SECONDS)]);
      const got = await received;
      if (!sent || !got) return { error: 'pktgen failed' };
      rates.push(got.frames / sent.seconds / 1e6);
    }
    return { mpps: median(rates), runs: rates.map((x) => Number(x.toFixed(3))) };
  } finally {
    sw.kill('SIGTERM');
  }
}

export async function benchMiddleboxes({ packets = 10_000_000, repeats = 5 } = {}) {
  for (const b of ['clickos-run', 'clickos-instance', 'clickos-switch', 'clickos-pktgen']) {
    if (!existsSync(join(bin, b))) throw new Error(`${join(bin, b)} is missing: run npm run build`);
  }
  const core = await import(join(repoRoot, 'packages', 'core', 'dist', 'index.js'));
  const scratch = mkdtempSync(join(tmpdir(), 'clickos-bench-middleboxes-'));
  const rows = [];
  let reference;
  let ipRows;
  try {
    reference = await switchOnly(repeats, scratch);
    for (const plugin of PLUGINS) {
      const engine = inEngine(core, plugin, packets, repeats, scratch);
      const switched = await throughSwitch(core, plugin, repeats, scratch);
      rows.push({ plugin, frameBytes: 64, inEngine: engine, throughSwitch: switched });
    }
    // The router and firewall rows (middleboxes-ip.mjs).
    ipRows = await benchIpMiddleboxes({ core, bin, packets, repeats, scratch });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const fmt = (r) => (r.mpps != null ? r.mpps.toFixed(2) : `error: ${r.error}`);
  console.log(
    table(
      ['plugin', 'in-engine Mpps', 'through the switch Mpps', 'switch runs'],
      [
        ...rows.map((r) => [
          r.plugin,
          fmt(r.inEngine),
          fmt(r.throughSwitch),
          (r.throughSwitch.runs ?? []).join(' '),
        ]),
        ['(switch alone)', '-', fmt(reference), (reference.runs ?? []).join(' ')],
      ],
    ),
  );
  console.log(
    '\nin-engine: clickos-run, InfiniteSource(LENGTH 64, BURST 32) -> plugin graph -> Discard, ' +
      `${packets} frames, median of ${repeats}; switch: pktgen tx -> clickos-switch -> instance -> ` +
      `clickos-switch -> pktgen rx (switch alone: pktgen tx -> clickos-switch -> pktgen rx), 60-byte frames (64 with CRC), ${SECONDS} s runs, median of ${repeats}`,
  );
  // The machine is shared: the load average says how much else ran.
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`load average: ${load.join(' ')}`);
  writeResult('middleboxes', {
    packets,
    repeats,
    seconds: SECONDS,
    loadAverage: load,
    switchOnly: reference,
    rows,
    routerFirewall: ipRows,
  });
}
