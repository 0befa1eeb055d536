// The router and firewall rows of `npm run bench middleboxes`, 64-byte frames (60 without CRC):
//   in-engine: the plugin's configuration run by clickos-run, input port 0 fed by an
//              InfiniteSource of one IPv4/UDP frame, outputs discarded; the rate is
//              (N - M) / (t(N) - t(M)) for N and M frames, so that start-up (compiling 1000
//              rules, loading 100,000 routes) is not counted; median of 5;
//   switch:    the plugin as a real instance on clickos-switch, clickos-pktgen tx -> switch ->
//              instance -> switch -> clickos-pktgen rx (as the wire row), median of 5;
//   state:     the growth of a running clickos-run's resident memory (VmRSS) when the routes
//              or rules are loaded through the handlers (rt.ctrl in chunks, filter.config);
//   Click:     ../shared/bench/firewall.click and router.click run by clickos-run, against
//              Click 2.x userlevel's 9.4 and 8.8 Mpps on this machine kind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, repoRoot, sharedBenchDir, table } from './common.mjs';

const CLICK_MPPS = { firewall: 9.4, router: 8.8 };
const SECONDS = 3;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function checksum(b) {
  let s = 0;
  for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

// A 60-byte Ethernet/IPv4/UDP frame, as the Click string "\<hex>".
function frame(dstMac, src, dst) {
  const f = Buffer.alloc(60);
  Buffer.from(dstMac.split(':').map((x) => Number.parseInt(x, 16))).copy(f, 0);
  Buffer.from([2, 0, 0, 0, 0, 0x0a]).copy(f, 6);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45;
  f.writeUInt16BE(46, 16);
  f[22] = 64;
  f[23] = 17;
  Buffer.from(src.split('.').map(Number)).copy(f, 26);
  Buffer.from(dst.split('.').map(Number)).copy(f, 30);
  f.writeUInt16BE(checksum(f.subarray(14, 34)), 24);
  f.writeUInt16BE(1024, 34);
  f.writeUInt16BE(9, 36);
  f.writeUInt16BE(26, 38);
  return `"\\<${f.toString('hex')}>"`;
}

// The ten rules of ../shared/bench/firewall.click (the last one matches), and longer lists
// that end the same way, as the engine benchmark's IPFilter scaling rows.
const TEN = [
  'deny src host 1.2.3.4',
  'deny dst host 5.6.7.8',
  'deny tcp dst port 22',
  'deny udp dst port 53',
  'deny src net 172.16.0.0/12',
  'allow tcp dst port 80',
  'allow tcp dst port 443',
  'deny icmp type echo',
  'deny dst net 10.9.0.0/16',
];
function rules(n, last = 'allow udp && dst net 192.168.1.0/24') {
  if (n === 10) return [...TEN, last];
  const deny = [];
  for (let i = 0; i < n - 1; i++)
    deny.push(`deny src host 172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
  return [...deny, last];
}
function chunks(lines, size) {
  const out = [];
  for (let i = 0; i < lines.length; i += size) out.push(['rt.ctrl', lines.slice(i, i + size).join('\n')]);
  return out;
}
function routes(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(`${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24 172.31.0.2 2`);
  return out;
}

const ROUTER_PARAMS = { IP0: '192.168.0.1', IP1: '172.31.0.1' };

function timedRun(bin, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(join(bin, 'clickos-run'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: r.status, stderr: r.stderr };
}

// VmRSS growth of clickos-run running `text` (idle ports) over the handler `writes`, in KB.
async function stateKb(core, bin, p, text, writes, scratch) {
  const file = join(scratch, 'state.click');
  const socket = join(scratch, 'state.sock');
  writeFileSync(file, text);
  const child = spawn(
    join(bin, 'clickos-run'),
    [...p.packagePath.flatMap((d) => ['-P', d]), '-u', socket, '-f', file],
    {
      stdio: 'ignore',
    },
  );
  try {
    for (let i = 0; i < 400 && !existsSync(socket); i++) await sleep(10);
    const client = await core.ControlClient.connect(socket);
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    const before = rss();
    for (const [h, v] of writes) await client.write(h, v);
    const after = rss();
    client.close();
    return after - before;
  } catch {
    return null;
  } finally {
    child.kill('SIGKILL');
    rmSync(socket, { force: true });
  }
}

// The plugin configuration as clickos-run text: port 0 is an InfiniteSource started after `setup`
// handler writes (a Script), other inputs idle, outputs discarded; `edit` changes the text.
function engineText(core, plugin, p, config, params, packets, data, setup, edit) {
  const resolved = p.resolve(config, params);
  const writes = [...setup, 'write from_in.active true'].filter(
    (w) => plugin === 'firewall' || !w.includes('from_in'),
  );
  const text = core.replacePorts(resolved.text, resolved, {
    input: (port) =>
      port === 0
        ? `InfiniteSource(DATA ${data}, LIMIT ${packets}, BURST 32, STOP true, ACTIVE false)`
        : 'Idle',
    output: () => 'Discard',
  });
  const source = plugin === 'firewall' ? 'from_in' : 'from0';
  const script = [...writes.filter((w) => !w.includes('from_in')), `write ${source}.active true`];
  return `${edit(text)}Script(${script.join(', ')});\n`;
}

function inEngineRate(bin, p, makeText, packets, repeats, scratch, label) {
  const big = join(scratch, `${label}-n.click`);
  const small = join(scratch, `${label}-m.click`);
  const few = Math.max(1000, Math.floor(packets / 100));
  writeFileSync(big, makeText(packets));
  writeFileSync(small, makeText(few));
  const pkg = p.packagePath.flatMap((d) => ['-P', d]);
  const rates = [];
  for (let i = 0; i < repeats; i++) {
    const a = timedRun(bin, [...pkg, big]);
    const b = timedRun(bin, [...pkg, small]);
    if (a.status !== 0 || b.status !== 0) return { error: (a.stderr || b.stderr).trim().split('\n')[0] };
    rates.push((packets - few) / Math.max(1e-6, a.seconds - b.seconds) / 1e6);
  }
  return { mpps: median(rates), runs: rates.map((x) => Number(x.toFixed(2))) };
}

function pktgen(bin, args) {
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

// pktgen sends UDP from 10.0.0.1 to 10.0.0.2 (broadcast MAC); rx answers to RX_MAC.
const RX_MAC = '02:00:00:00:00:01';
async function throughSwitch(core, bin, plugin, repeats, scratch) {
  const dir = join(scratch, `${plugin}-switch`);
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'switch.sock');
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
    const ports = [
      { switch: 'a', slots: 1024 },
      { switch: 'b', slots: 1024 },
    ];
    const params =
      plugin === 'router' ? { IP0: '192.168.0.1', IP1: '10.0.0.254', PREFIX1: '24' } : { IN: '0', OUT: '1' };
    await manager.create(registry.createSpec({ name: plugin, ports }, { name: plugin, params }));
    await manager.start(plugin);
    if (plugin === 'firewall') {
      await manager.write(plugin, 'filter.config', rules(10, 'allow udp && dst net 10.0.0.0/24').join(', '));
    } else {
      await manager.write(plugin, 'arpq1.insert', `10.0.0.2 ${RX_MAC}`);
      const lines = [];
      for (let i = 0; i < 996; i++) lines.push(`add 11.${i >> 8}.${i & 255}.0/24 10.0.0.253 2`);
      await manager.write(plugin, 'rt.ctrl', lines.join('\n'));
    }
    const common = ['--socket', socket, '--slots', '1024', '--size', '60'];
    const rates = [];
    for (let i = 0; i < repeats; i++) {
      const received = pktgen(bin, [
        ...common,
        '--switch',
        'b',
        '--src-mac',
        RX_MAC,
        '--static-mac',
        '--mode',
        'rx',
        '--duration',
        String(SECONDS + 1),
      ]);
      await sleep(200);
      const sent = await pktgen(bin, [
        ...common,
        '--switch',
        'a',
        '--mode',
        'tx',
        '--duration',
        String(SECONDS),
      ]);
      const got = await received;
      if (!sent || !got) return { error: 'pktgen failed' };
      rates.push(got.frames / sent.seconds / 1e6);
    }
    const routesNow =
      plugin === 'router' ? (await manager.read(plugin, 'rt.table')).trim().split('\n').length : undefined;
    return { mpps: median(rates), runs: rates.map((x) => Number(x.toFixed(3))), routes: routesNow };
  } finally {
    await manager.close({ stopInstances: true });
    sw.kill('SIGTERM');
  }
}

export async function benchIpMiddleboxes({ core, bin, packets, repeats, scratch }) {
  const fw = core.preparePlugin(join(repoRoot, 'middleboxes', 'firewall'), join(scratch, 'firewall-work'));
  const rt = core.preparePlugin(join(repoRoot, 'middleboxes', 'router'), join(scratch, 'router-work'));
  const fwData = frame('02:00:00:00:00:0b', '10.0.0.1', '192.168.1.7');
  const rtData = frame('02:00:00:00:01:00', '192.168.0.2', '10.3.200.9');
  const n = Math.min(packets, 5_000_000);
  const withRules = (list) => (t) =>
    t.replace(/IPFilter\((allow|deny) all\)/, `IPFilter(${list.join(',\n  ')})`);
  const withRoutes = (list) => (t) =>
    list.length ? t.replace('0.0.0.0/0 3)', `0.0.0.0/0 3,\n  ${list.join(',\n  ')})`) : t;
  const arp = ['write arpq1.insert 172.31.0.2 02:00:00:00:00:02'];
  const cases = [
    ...[10, 100, 1000].map((k) => ({
      row: `firewall, ${k} rules`,
      p: fw,
      make: (m) => engineText(core, 'firewall', fw, 'firewall', {}, m, fwData, [], withRules(rules(k))),
      state: { config: 'firewall', params: {}, writes: [['filter.config', rules(k).join(',\n')]] },
    })),
    {
      row: 'firewall stateful, 10 rules',
      p: fw,
      make: (m) => engineText(core, 'firewall', fw, 'stateful', {}, m, fwData, [], withRules(rules(10))),
    },
    ...[
      [996, 'router, 1001 routes'],
      [99_995, 'router, 100,000 routes'],
    ].map(([k, row]) => ({
      row,
      p: rt,
      make: (m) =>
        engineText(core, 'router', rt, 'router', ROUTER_PARAMS, m, rtData, arp, withRoutes(routes(k))),
      state: {
        config: 'router',
        params: ROUTER_PARAMS,
        writes: chunks(
          routes(k).map((r) => `add ${r}`),
          5000,
        ),
      },
    })),
  ];
  const engine = [];
  for (const c of cases) {
    const r = inEngineRate(bin, c.p, c.make, n, repeats, scratch, c.row.replace(/\W+/g, '_'));
    let state;
    if (c.state) {
      const resolved = c.p.resolve(c.state.config, c.state.params);
      const idle = core.replacePorts(resolved.text, resolved, {
        input: () => 'Idle',
        output: () => 'Discard',
      });
      state = await stateKb(core, bin, c.p, idle, c.state.writes, scratch);
    }
    engine.push({ case: c.row, ...r, stateKb: state });
  }
  // The stateful firewall's connection table is allocated whole: slots (2 x CAPACITY rounded up
  // to a power of two) of 24 bytes.
  const capacity = 65536;
  const conntrackKb = (2 * capacity * 24) / 1024;

  const click = [];
  for (const name of ['firewall', 'router']) {
    const rates = [];
    let error;
    for (let i = 0; i < repeats && !error; i++) {
      const r = timedRun(bin, [join(sharedBenchDir, `${name}.click`), `N=${packets}`]);
      if (r.status !== 0) error = r.stderr.trim().split('\n')[0];
      else rates.push(packets / r.seconds / 1e6);
    }
    const mpps = rates.length ? median(rates) : null;
    click.push({
      config: `${name}.click`,
      mpps,
      clickMpps: CLICK_MPPS[name],
      ratio: mpps ? mpps / CLICK_MPPS[name] : null,
      error,
    });
  }
  const pluginVsClick = {
    firewall: engine[0].mpps ? engine[0].mpps / CLICK_MPPS.firewall : null,
    router: engine[4].mpps ? engine[4].mpps / CLICK_MPPS.router : null,
  };

  const switched = [];
  for (const plugin of ['firewall', 'router'])
    switched.push({ plugin, ...(await throughSwitch(core, bin, plugin, repeats, scratch)) });

  const f2 = (x) => (x == null ? '-' : x.toFixed(2));
  console.log(
    `\n${table(
      ['router/firewall in-engine', 'Mpps (median)', 'runs', 'state memory KB'],
      engine.map((e) => [
        e.case,
        e.mpps != null ? f2(e.mpps) : `error: ${e.error}`,
        (e.runs ?? []).join(' '),
        e.stateKb ?? '-',
      ]),
    )}`,
  );
  console.log(
    `\nstateful firewall connection table: ${conntrackKb} KB for CAPACITY ${capacity} (allocated at start)`,
  );
  console.log(
    `\n${table(
      ['Click comparison', 'clickos Mpps', 'Click 2.x Mpps', 'ratio', 'plugin config / Click'],
      click.map((c) => [
        c.config,
        c.mpps != null ? f2(c.mpps) : `error: ${c.error}`,
        c.clickMpps.toFixed(1),
        c.ratio ? `${c.ratio.toFixed(2)}x` : '-',
        pluginVsClick[c.config.replace('.click', '')]
          ? `${pluginVsClick[c.config.replace('.click', '')].toFixed(2)}x`
          : '-',
      ]),
    )}`,
  );
  console.log(
    `\n${table(
      ['through the switch', 'Mpps (median)', 'runs'],
      switched.map((s) => [
        s.plugin === 'router' ? `router, ${s.routes ?? '?'} routes` : 'firewall, 10 rules',
        s.mpps != null ? f2(s.mpps) : `error: ${s.error}`,
        (s.runs ?? []).join(' '),
      ]),
    )}`,
  );
  return { inEngine: engine, conntrackTableKb: conntrackKb, click, pluginVsClick, throughSwitch: switched };
}
