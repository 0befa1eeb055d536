#!/usr/bin/env node
// Runs every test suite of the project, each within its own time budget, and ends with the
// line CI reads: "N passed, N failed, N skipped", summed over all suites.
// Usage: node tools/test/run-all.mjs [suite ...]   (default: all, in order)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logs = join(root, 'native', 'build-test-logs');
mkdirSync(logs, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const nx = join(root, 'node_modules', '.bin', 'nx');

/** Runs a command, streaming its output; resolves to {code, output, timedOut}. */
function run(cmd, args, { budgetSeconds, cwd = root, quiet = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...env, ...extraEnv },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    const onData = (stream) => (chunk) => {
      output += chunk;
      if (!quiet) stream.write(chunk);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, budgetSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? 1), output, timedOut });
    });
  });
}

const one = (ok) => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });

function parseCtest(output, code) {
  const m = output.match(/(\d+)% tests passed, (\d+) tests failed out of (\d+)/);
  if (!m) return { passed: 0, failed: 1, skipped: 0, note: `ctest gave no summary (exit ${code})` };
  const failed = Number(m[2]);
  const total = Number(m[3]);
  const skipped = (output.match(/\(Skipped\)|\*\*\*Not Run/g) ?? []).length;
  return { passed: total - failed - skipped, failed, skipped };
}

async function ctestIn(buildDir, budgetSeconds) {
  // A build directory restored without its CMake files (an output cache) has no tests to run.
  if (!existsSync(join(root, buildDir, 'CTestTestfile.cmake'))) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `${buildDir} has no CTestTestfile.cmake: not configured by CMake`,
    };
  }
  const r = await run('ctest', ['--test-dir', buildDir, '--output-on-failure', '-j2', '--timeout', '120'], {
    budgetSeconds,
  });
  return parseCtest(r.output, r.code);
}

const suites = {
  // Formatting and lint: biome for TypeScript, clang-format for C++.
  async lint() {
    const biome = await run(join(root, 'node_modules', '.bin', 'biome'), ['check', '.'], {
      budgetSeconds: 120,
    });
    const clang = await run('bash', ['tools/test/clang-format.sh'], { budgetSeconds: 120 });
    // docs/elements.md is generated from the element headers: it must be up to date.
    const docs = await run('node', ['tools/elementdoc/generate.mjs', '--check', 'docs/elements.md'], {
      budgetSeconds: 60,
    });
    const checks = [biome, clang, docs].map((r) => one(r.code === 0));
    return {
      passed: checks.reduce((a, c) => a + c.passed, 0),
      failed: checks.reduce((a, c) => a + c.failed, 0),
      skipped: 0,
    };
  },
  // Native and TypeScript builds in dependency order (nx, cached).
  async build() {
    const r = await run(nx, ['run-many', '-t', 'build', '--outputStyle=static'], { budgetSeconds: 1200 });
    return one(r.code === 0);
  },
  // C++ unit tests (GoogleTest under ctest).
  async ctest() {
    return ctestIn('native/build', 600);
  },
  // The same C++ tests built with AddressSanitizer and UndefinedBehaviorSanitizer, by clang
  // with libFuzzer's instrumentation too, so the fuzz suite reuses this tree's fuzz targets
  // instead of compiling the elements a third time.
  async asan() {
    const cfg = await run(
      'cmake',
      [
        '-S',
        'native',
        '-B',
        'native/build-asan',
        '-G',
        'Ninja',
        '-DCMAKE_BUILD_TYPE=RelWithDebInfo',
        '-DCLICKOS_SANITIZE=ON',
        '-DCLICKOS_FUZZ=ON',
      ],
      { budgetSeconds: 120, quiet: true, extraEnv: { CC: 'clang', CXX: 'clang++' } },
    );
    if (cfg.code !== 0) return { ...one(false), note: cfg.output.slice(-2000) };
    const build = await run('cmake', ['--build', 'native/build-asan'], { budgetSeconds: 1500 });
    if (build.code !== 0) return one(false);
    return ctestIn('native/build-asan', 900);
  },
  // TypeScript tests (vitest, every package).
  async vitest() {
    const out = join(logs, 'vitest.json');
    rmSync(out, { force: true });
    const r = await run(
      join(root, 'node_modules', '.bin', 'vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
      { budgetSeconds: 600 },
    );
    if (!existsSync(out)) return { ...one(false), note: `vitest wrote no report (exit ${r.code})` };
    const j = JSON.parse(readFileSync(out, 'utf8'));
    return {
      passed: j.numPassedTests,
      failed: j.numFailedTests + (r.code !== 0 && j.numFailedTests === 0 ? 1 : 0),
      skipped: j.numPendingTests + j.numTodoTests,
    };
  },
  // A short libFuzzer run of every fuzz target (longer: npm run fuzz).
  async fuzz() {
    const r = await run('bash', ['tools/test/fuzz.sh', '20', 'native/build-asan'], { budgetSeconds: 600 });
    return one(r.code === 0);
  },
};

const wanted = process.argv.slice(2);
const order = wanted.length ? wanted : Object.keys(suites);
const results = [];
let buildFailed = false;
for (const name of order) {
  const suite = suites[name];
  if (!suite) {
    console.error(`run-all: unknown suite '${name}' (known: ${Object.keys(suites).join(', ')})`);
    process.exit(2);
  }
  if (buildFailed && (name === 'ctest' || name === 'vitest')) {
    results.push({ name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: 'not run: the build failed' });
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const start = Date.now();
  let r;
  try {
    r = await suite();
  } catch (err) {
    r = { passed: 0, failed: 1, skipped: 0, note: String(err) };
  }
  if (name === 'build' && r.failed) buildFailed = true;
  results.push({ name, ...r, seconds: Math.round((Date.now() - start) / 1000) });
}

console.log('\nsuite        passed  failed  skipped  seconds');
for (const r of results) {
  console.log(
    `${r.name.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${String(r.seconds).padStart(7)}${r.note ? `  (${r.note})` : ''}`,
  );
}
const sum = (k) => results.reduce((a, r) => a + r[k], 0);
const failed = sum('failed');
console.log(`${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped`);
process.exit(failed ? 1 : 0);
