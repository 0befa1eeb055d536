// `npm run bench engine`: the engine configurations of ../shared/bench run by clickos-run,
// N packets each, median of 5; and start-up to exit of `Idle -> Discard; DriverManager(stop)`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, sharedBenchDir, table, writeResult } from './common.mjs';

const run = join(repoRoot, 'native', 'build', 'bin', 'clickos-run');

// Click 2.x userlevel on this machine kind (../shared/bench/README.md), Mpps.
const clickMpps = { ether: 14.3, firewall: 9.4, nat: 2.9, router: 8.8, hashswitch: 9.7 };

function timeRun(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(run, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: r.status, stderr: r.stderr };
}

export function benchEngine({ packets = 10_000_000, repeats = 5 } = {}) {
  if (!existsSync(run)) throw new Error(`${run} is missing: run npm run build`);
  const rows = [];
  for (const name of Object.keys(clickMpps)) {
    const file = join(sharedBenchDir, `${name}.click`);
    const rates = [];
    let error = '';
    for (let i = 0; i < repeats && !error; i++) {
      const r = timeRun([file, `N=${packets}`]);
      if (r.status !== 0) error = r.stderr.trim().split('\n')[0];
      else rates.push(packets / r.seconds / 1e6);
    }
    const mpps = rates.length ? median(rates) : null;
    rows.push({
      config: `${name}.click`,
      mpps,
      runs: rates.map((x) => Number(x.toFixed(2))),
      clickMpps: clickMpps[name],
      ratio: mpps ? mpps / clickMpps[name] : null,
      error: error || undefined,
    });
  }
  // Scaling: IPFilter with 10, 100 and 1000 rules (the last rule matches), and IPRewriter
  // with 1, 1000 and 1,000,000 flows.
  const scratch = mkdtempSync(join(tmpdir(), 'clickos-bench-'));
  const scaling = [];
  const measure = (label, config, n) => {
    const file = join(scratch, 'scale.click');
    writeFileSync(file, config);
    const rates = [];
    let error = '';
    for (let i = 0; i < 3 && !error; i++) {
      const r = timeRun([file, `N=${n}`]);
      if (r.status !== 0) error = r.stderr.trim().split('\n')[0];
      else rates.push(n / r.seconds / 1e6);
    }
    scaling.push({ case: label, mpps: rates.length ? median(rates) : null, error: error || undefined });
  };
  const source = (flows, flowsize) =>
    `FastUDPFlows(RATE 0, LIMIT -1, LENGTH 64, SRCETH 00:11:22:33:44:55, SRCIP 10.0.0.1, DSTETH 66:77:88:99:aa:bb, ` +
    `DSTIP 192.168.1.7, FLOWS ${flows}, FLOWSIZE ${flowsize}) -> Unqueue(BURST 32) -> Strip(14) -> CheckIPHeader`;
  for (const rules of [10, 100, 1000]) {
    const deny = [];
    for (let i = 0; i < rules - 1; i++)
      deny.push(`deny src host 172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
    const filter = `IPFilter(${[...deny, 'allow udp && dst net 192.168.1.0/24'].join(',\n  ')})`;
    measure(
      `IPFilter, ${rules} rules`,
      `${source(16, 100000)}\n  -> ${filter}\n  -> Counter(COUNT_CALL $N stop) -> Discard;\n`,
      Math.min(packets, 5_000_000),
    );
  }
  for (const [flows, flowsize, spec, label] of [
    [1, 1_000_000_000, 'pattern 203.0.113.1 1024-65535 - - 0 0', 'IPRewriter, 1 flow'],
    [1000, 50, 'pattern 203.0.113.1 1024-65535 - - 0 0', 'IPRewriter, 1000 flows'],
    // A new flow every packet, kept (no port allocation: one public address has only 64512 ports).
    [1000, 1, 'pattern - - - - 0 0', 'IPRewriter, 1,000,000 flows (new flow per packet)'],
  ]) {
    const n = label.includes('1,000,000') ? 1_000_000 : Math.min(packets, 5_000_000);
    measure(
      label,
      `${source(flows, flowsize)}\n  -> IPRewriter(${spec})\n  -> Counter(COUNT_CALL $N stop) -> Discard;\n`,
      n,
    );
  }
  rmSync(scratch, { recursive: true, force: true });

  // Start-up to exit, with /bin/true as the cost of spawning a process from here.
  const startup = [];
  const baseline = [];
  let startupError = '';
  for (let i = 0; i < 20; i++) {
    const r = timeRun(['-e', 'Idle -> Discard; DriverManager(stop)']);
    if (r.status !== 0) startupError = r.stderr.trim().split('\n')[0];
    startup.push(r.seconds * 1000);
    const t0 = process.hrtime.bigint();
    spawnSync('/bin/true');
    baseline.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const rss = spawnSync('/usr/bin/time', ['-f', '%M', run, '-e', 'Idle -> Discard; DriverManager(stop)'], {
    encoding: 'utf8',
  });
  const maxRssKb = Number(rss.stderr.trim().split('\n').pop());
  const result = {
    packets,
    repeats,
    configs: rows,
    scaling,
    startup: {
      medianMs: median(startup),
      spawnBaselineMs: median(baseline),
      maxRssKb: Number.isFinite(maxRssKb) ? maxRssKb : null,
      error: startupError || undefined,
      clickMs: 2,
      clickRssKb: 5000,
    },
  };
  console.log(
    table(
      ['configuration', 'Mpps (median)', 'runs', 'Click Mpps', 'ratio'],
      rows.map((r) => [
        r.config,
        r.mpps ? r.mpps.toFixed(2) : `not runnable: ${r.error}`,
        r.runs.join(' '),
        r.clickMpps.toFixed(1),
        r.ratio ? `${r.ratio.toFixed(2)}x` : '-',
      ]),
    ),
  );
  console.log(
    `\n${table(
      ['scaling case', 'Mpps (median of 3)'],
      scaling.map((s) => [s.case, s.mpps ? s.mpps.toFixed(2) : `not runnable: ${s.error}`]),
    )}`,
  );
  console.log(
    `\nstart-up to exit: ${result.startup.medianMs.toFixed(2)} ms median of 20 ` +
      `(spawning /bin/true from here: ${result.startup.spawnBaselineMs.toFixed(2)} ms; Click: 2 ms), ` +
      `max RSS ${result.startup.maxRssKb} KB (Click: 5000 KB)` +
      (startupError ? `\n  start-up config failed: ${startupError}` : ''),
  );
  writeResult('engine', result);
  return result;
}
