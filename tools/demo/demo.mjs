#!/usr/bin/env node
// `npm run demo`: what the platform can do today, shown with the operator's own command.
// For every configuration in examples/: check it, then print its flattened element graph.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const runLine = readFileSync(join(examples, f), 'utf8').match(/^\/\/ run:(.*)$/m);
  const args = runLine ? runLine[1].trim().split(/\s+/) : [];
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

banner('Summary');
console.log('configuration                       elements  connections  status');
for (const s of summary) {
  console.log(
    `${s.path.padEnd(36)}${String(s.elements).padStart(8)}${String(s.connections).padStart(13)}  ${s.status}`,
  );
}
console.log(
  '\n"ok": checked and flattened; "ran": also run by clickos-run. Configurations that use elements not\n' +
    'built yet (FromDevice/ToDevice come with the switch) are checked for syntax only. See README.md.',
);
process.exit(failures ? 1 : 0);
