#!/usr/bin/env node
// `npm run demo`: what the platform can do today, shown with the operator's own command.
// For every configuration in examples/: check it, then print its flattened element graph.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformDemo } from './platform.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cosmos = join(root, 'packages', 'cli', 'dist', 'bin', 'cosmos.js');
const examples = join(root, 'examples');

function cosmosRun(args) {
  const r = spawnSync(process.execPath, [cosmos, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
}

function banner(text) {
  console.log(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}`);
}

const files = readdirSync(examples)
  .filter((f) => f.endsWith('.click'))
  .sort();
let failures = 0;
const summary = [];
for (const f of files) {
  const path = relative(root, join(examples, f));
  banner(`$ cosmos config check --syntax ${path}`);
  const check = cosmosRun(['config', 'check', '--syntax', path]);
  process.stdout.write(check.out + check.err);
  if (check.code !== 0) {
    failures++;
    summary.push({ path, elements: '-', connections: '-', status: 'errors' });
    continue;
  }
  console.log(`\n$ cosmos config graph ${path}`);
  const graph = cosmosRun(['config', 'graph', path]);
  process.stdout.write(graph.out + graph.err);
  const json = JSON.parse(cosmosRun(['config', 'graph', '--json', path]).out);
  summary.push({
    path,
    elements: json.graph.elements.length,
    connections: json.graph.connections.length,
    status: 'ok',
  });
}

// Configurations the engine can run (every class known): run them with clickos-run and
// read the handlers their "// run:" line names.
const clickosRun = join(root, 'native', 'build', 'bin', 'clickos-run');
for (const f of files) {
  const path = relative(root, join(examples, f));
  const full = cosmosRun(['config', 'check', path]);
  if (full.code !== 0) continue;
  // Only examples that say how to run them on their own ("// run: ARGS").
  const runLine = readFileSync(join(examples, f), 'utf8').match(/^\/\/ run:(.*)$/m);
  if (!runLine) continue;
  const args = runLine[1].trim().split(/\s+/);
  banner(`$ clickos-run ${path} ${args.join(' ')}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(clickosRun, [path, ...args], { cwd: root, encoding: 'utf8', timeout: 20000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(r.stdout + r.stderr);
  console.log(`(exit code ${r.status}, ${ms.toFixed(1)} ms)`);
  const entry = summary.find((x) => x.path === path);
  if (entry) entry.status = r.status === 0 ? 'ran' : 'run failed';
  if (r.status !== 0) failures++;
}

// A middlebox on the switch: clickos-switch, the EtherMirror instance attached by clickos-run,
// and clickos-pktgen pinging through both.
{
  const sock = join(tmpdir(), `clickos-demo-switch-${process.pid}.sock`);
  const sw = spawn(join(root, 'native', 'build', 'bin', 'clickos-switch'), ['--socket', sock], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !existsSync(sock); i++) spawnSync('sleep', ['0.02']);
  banner('$ clickos-switch & clickos-run examples/mirror-on-switch.click & clickos-pktgen --mode ping');
  const instance = spawn(
    clickosRun,
    ['examples/mirror-on-switch.click', `SOCKET=${sock}`, 'SECONDS=2', '-h', 'mirrored.count'],
    {
      cwd: root,
    },
  );
  let instanceOut = '';
  instance.stdout.on('data', (d) => {
    instanceOut += d;
  });
  spawnSync('sleep', ['0.3']);
  const ping = spawnSync(
    join(root, 'native', 'build', 'bin', 'clickos-pktgen'),
    [
      '--switch',
      'vale0',
      '--socket',
      sock,
      '--mode',
      'ping',
      '--count',
      '200',
      '--rate',
      '200',
      '--dst-mac',
      '02:00:00:00:00:aa',
      '--quiet',
    ],
    { encoding: 'utf8', timeout: 20000 },
  );
  process.stdout.write(ping.stdout + ping.stderr);
  await new Promise((resolve) => instance.on('close', resolve));
  console.log(`frames the instance mirrored (handler mirrored.count): ${instanceOut.trim()}`);
  sw.kill('SIGTERM');
  rmSync(sock, { force: true });
  if (ping.status !== 0 || !/200 replies/.test(ping.stdout)) failures++;
}

banner('What the engine would do with a broken configuration');
const broken = 'a :: Idle;\na :: Discard;\nb :: Counter(\n';
console.log(broken.replace(/^/gm, '  | '));
const scratch = mkdtempSync(join(tmpdir(), 'clickos-demo-'));
const brokenPath = join(scratch, 'broken.click');
writeFileSync(brokenPath, broken);
const r = cosmosRun(['config', 'check', '--syntax', brokenPath]);
process.stdout.write(r.err);
console.log(`(exit code ${r.code})`);
rmSync(scratch, { recursive: true, force: true });

failures += platformDemo({ root, banner });

banner('Configurations');
console.log('configuration                       elements  connections  status');
for (const s of summary) {
  console.log(
    `${s.path.padEnd(36)}${String(s.elements).padStart(8)}${String(s.connections).padStart(13)}  ${s.status}`,
  );
}
console.log(
  '\n"ok": checked and flattened; "ran": also run by clickos-run on its own. mirror-on-switch ran above\n' +
    'between clickos-switch and clickos-pktgen; the others need interfaces or ports that a host or\n' +
    'the platform part above provides (FromDevice/ToDevice, netfront ports). See README.md.',
);
process.exit(failures ? 1 : 0);
