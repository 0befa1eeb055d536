// The platform part of `npm run demo`: cosmosd over a throw-away state directory, a chain of
// three Wires applied from a chain file, traffic through it (two hosts in network namespaces
// joined to the switches as NIC ports when run as root; clickos-pktgen ring ports otherwise),
// counters read through handlers, a handler written and a configuration swapped at run time,
// a summary table, and everything removed again, also when interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupPlatform } from './cleanup.mjs';

const sleepMs = (ms) => spawnSync('sleep', [String(ms / 1000)]);

export function platformDemo({ root, banner }) {
  const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(root, 'native', 'build');
  const bin = (p) => join(buildDir, 'bin', p);
  const cosmosJs = join(root, 'packages', 'cli', 'dist', 'bin', 'cosmos.js');
  const dir = mkdtempSync(join(tmpdir(), 'clickos-demo-state-'));
  const tag = (process.pid % 100000).toString(36);
  const cgroupParent = `clickos-demo-${tag}`;
  const env = {
    ...process.env,
    COSMOS_STATE_DIR: dir,
    COSMOS_CGROUP_PARENT: cgroupParent,
    CLICKOS_SWITCH_BIN: bin('clickos-switch'),
    CLICKOS_INSTANCE_BIN: bin('clickos-instance'),
  };
  const asRoot = process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0;
  const hosts = asRoot
    ? [1, 2].map((n) => ({
        ns: `clickos-demo-${tag}-h${n}`,
        inner: `d${tag}h${n}i`,
        outer: `d${tag}h${n}o`,
        ip: `10.99.0.${n}`,
        mac: `02:de:00:00:00:0${n}`,
      }))
    : [];
  let failures = 0;

  const cosmos = (args, { show = true, quiet = false } = {}) => {
    if (show) console.log(`\n$ cosmos ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [cosmosJs, ...args], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 60000,
    });
    if (show && !quiet) process.stdout.write(r.stdout + r.stderr);
    return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
  };
  const sh = (cmd, args, timeout = 20000) => spawnSync(cmd, args, { encoding: 'utf8', timeout });
  const read = (instance, handler) => Number(cosmos(['read', instance, handler], { show: false }).out.trim());

  // A guard cleans up if the demo is killed (Ctrl-C, SIGTERM): it outlives this process.
  const ctx = { cosmosJs, dir, env, hosts, cgroupParent, parentPid: process.pid };
  const guard = spawn(process.execPath, [join(root, 'tools', 'demo', 'cleanup.mjs'), JSON.stringify(ctx)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  guard.unref();

  try {
    banner(
      asRoot
        ? 'The platform: cosmosd, two hosts in network namespaces, a chain of three Wires between them'
        : 'The platform: cosmosd and a chain of three Wires between clickos-pktgen ports (not root: no namespaces)',
    );
    for (const h of hosts) {
      for (const step of [
        ['netns', 'add', h.ns],
        ['link', 'add', h.outer, 'type', 'veth', 'peer', 'name', h.inner],
        ['link', 'set', h.inner, 'netns', h.ns],
        ['-n', h.ns, 'link', 'set', h.inner, 'address', h.mac],
        ['-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', h.inner],
        ['-n', h.ns, 'link', 'set', h.inner, 'up'],
        ['link', 'set', h.outer, 'up'],
      ]) {
        const r = sh('ip', step);
        if (r.status !== 0) throw new Error(`ip ${step.join(' ')}: ${r.stderr.trim()}`);
      }
      sh('ip', ['netns', 'exec', h.ns, 'sysctl', '-qw', `net.ipv6.conf.${h.inner}.disable_ipv6=1`]);
      sh('sysctl', ['-qw', `net.ipv6.conf.${h.outer}.disable_ipv6=1`]);
      console.log(`host ${h.ns}: ${h.inner} ${h.ip} (${h.mac}), its peer ${h.outer} joins the switch`);
    }
    const chainFile = (middle) => {
      const path = join(dir, middle === 'wire' ? 'chain.yaml' : `chain-${middle}.yaml`);
      const cfg = (c) => join(root, 'examples', 'chain', `${c}.click`);
      const nics = (h) => (h ? `[${h.outer}]` : '[]');
      writeFileSync(
        path,
        [
          '# Three Wires in a row: vale0 -> w1 -> w2 -> w3 -> vale1 (docs/chains.md)',
          'chain: demo',
          'switches:',
          '  - name: vale0',
          `    nics: ${nics(hosts[0])}`,
          '  - name: vale1',
          `    nics: ${nics(hosts[1])}`,
          'instances:',
          `  - { name: w1, config: ${cfg('wire')}, ports: [vale0, link1] }`,
          `  - { name: w2, config: ${cfg(middle)}, ports: [link1, link2] }`,
          `  - { name: w3, config: ${cfg('wire')}, ports: [link2, vale1] }`,
          '',
        ].join('\n'),
      );
      return path;
    };
    const chain = chainFile('wire');
    console.log(`\n${chain}:\n${readFileSync(chain, 'utf8').replace(/^/gm, '  | ')}`);
    cosmos(['diff', chain]);
    if (cosmos(['apply', chain]).code !== 0) throw new Error('apply failed');
    cosmos(['apply', chain]);
    cosmos(['list']);

    const pingThrough = (count) => {
      if (!asRoot) return undefined;
      console.log(`\n$ ip netns exec ${hosts[0].ns} ping -c ${count} -i 0.2 ${hosts[1].ip}`);
      const r = sh('ip', [
        'netns',
        'exec',
        hosts[0].ns,
        'ping',
        '-n',
        '-c',
        String(count),
        '-i',
        '0.2',
        '-W',
        '1',
        hosts[1].ip,
      ]);
      const lines = r.stdout.trim().split('\n');
      console.log(lines.slice(-3).join('\n'));
      return Number(/(\d+) received/.exec(r.stdout)?.[1] ?? 0);
    };
    const pings = pingThrough(5);
    if (asRoot && pings !== 5) failures++;

    // A bounded pktgen run: 20000 frames at 20000/s, counted at the far end.
    const frames = 20000;
    const pktgen = (args) => (asRoot ? ['ip', ['netns', 'exec', ...args]] : [bin('clickos-pktgen'), args]);
    const txArgs = asRoot
      ? [
          hosts[0].ns,
          bin('clickos-pktgen'),
          '--ifname',
          hosts[0].inner,
          '--src-mac',
          hosts[0].mac,
          '--dst-mac',
          hosts[1].mac,
        ]
      : ['--switch', 'vale0', '--socket', join(dir, 'switch.sock'), '--slots', '1024'];
    const rxArgs = asRoot
      ? [hosts[1].ns, bin('clickos-pktgen'), '--ifname', hosts[1].inner]
      : ['--switch', 'vale1', '--socket', join(dir, 'switch.sock'), '--slots', '1024'];
    const rxFile = join(dir, 'rx.json');
    console.log(
      `\n$ clickos-pktgen --mode tx --count ${frames} --rate 20000 (${asRoot ? `in ${hosts[0].ns}` : 'on vale0'}), --mode rx (${asRoot ? `in ${hosts[1].ns}` : 'on vale1'})`,
    );
    const [rxCmd, rxBase] = pktgen(rxArgs);
    const out = openSync(rxFile, 'w');
    const rx = spawn(rxCmd, [...rxBase, '--mode', 'rx', '--duration', '3', '--quiet', '--json'], {
      stdio: ['ignore', out, 'ignore'],
    });
    closeSync(out);
    sleepMs(300);
    const [txCmd, txBase] = pktgen(txArgs);
    const tx = sh(txCmd, [
      ...txBase,
      '--mode',
      'tx',
      '--count',
      String(frames),
      '--rate',
      '20000',
      '--quiet',
      '--json',
    ]);
    for (let i = 0; i < 50 && !readFileSync(rxFile, 'utf8').includes('}'); i++) sleepMs(100);
    if (rx.exitCode === null) rx.kill('SIGKILL');
    const sent = JSON.parse(tx.stdout.trim().split('\n').pop() || '{}');
    let received = {};
    try {
      received = JSON.parse(readFileSync(rxFile, 'utf8').trim().split('\n').pop());
    } catch {
      failures++;
    }
    console.log(`sent ${sent.frames ?? '?'} frames, received ${received.frames ?? '?'} at the other end`);

    banner('Counters, read through handlers; a handler written at run time');
    const names = ['w1', 'w2', 'w3'];
    for (const n of names) cosmos(['read', n, 'fwd', 'count']);
    cosmos(['write', 'w2', 'fwd', 'reset']);
    cosmos(['read', 'w2', 'fwd', 'count']);
    if (read('w2', 'fwd.count') !== 0) failures++;

    banner('A configuration changed at run time: w2 drops ping requests (hot-swap, one instance)');
    const noPing = chainFile('no-ping');
    cosmos(['diff', noPing]);
    cosmos(['apply', noPing]);
    if (asRoot) {
      const got = pingThrough(3);
      cosmos(['read', 'w2', 'dropped', 'count']);
      if (got !== 0 || read('w2', 'dropped.count') !== 3) failures++;
    }
    cosmos(['apply', chain]);
    if (asRoot && pingThrough(2) !== 2) failures++;

    banner('Summary');
    const listed = JSON.parse(cosmos(['list', '--json'], { show: false }).out).instances;
    console.log('instance  status   config  fwd.count  back.count  pid');
    for (const i of listed) {
      const stats = JSON.parse(cosmos(['stats', i.name, '--json'], { show: false }).out).instance;
      console.log(
        `${i.name.padEnd(10)}${i.status.padEnd(9)}v${String(i.configVersion).padEnd(7)}${String(read(i.name, 'fwd.count')).padStart(9)}${String(read(i.name, 'back.count')).padStart(12)}  ${stats.pid}`,
      );
    }
    if (asRoot) console.log(`ping through the chain: ${pings}/5 answered`);
    console.log(`pktgen: ${received.frames ?? 0} of ${sent.frames ?? 0} frames crossed the chain`);
    cosmos(['apply', '--delete', chain]);
  } catch (err) {
    console.log(`platform demo failed: ${err.message}`);
    failures++;
  } finally {
    cleanupPlatform(ctx);
    guard.kill();
  }
  return failures;
}
