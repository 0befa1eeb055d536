// clickos-wakeup-probe from outside: bad arguments are one line and exit status 2, a CPU the
// host lacks is exit status 1 with the reason, and a real run times what it says it timed
// and leaves no process of its ring behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const probe = join(
  process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'),
  'bin',
  'clickos-wakeup-probe',
);
if (!existsSync(probe)) console.log(`wakeup-probe: skipped (${probe} is not built)`);

const run = (args: string[]) => spawnSync(probe, args, { encoding: 'utf8', timeout: 20_000 });

// Processes running this binary (the probe's ring forks without exec, so they share its path).
function probeProcesses(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === probe;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(!existsSync(probe))('clickos-wakeup-probe', () => {
  it.each([
    [['--wakeups', '1'], "--wakeups must be 2 to 64, not '1'"],
    [['--wakeups', '65'], "--wakeups must be 2 to 64, not '65'"],
    [['--interval-us', '-1'], "--interval-us must be 0 to 1000000, not '-1'"],
    [['--count', '2x'], "--count must be 1 to 1000000, not '2x'"],
    [['--cpus', 'a'], "--cpus: bad CPU list entry 'a'"],
    [['--frobnicate'], "unknown or incomplete option '--frobnicate'"],
    [['--count'], "unknown or incomplete option '--count'"],
    [['extra'], "unexpected argument 'extra'"],
  ])('%j: exit 2, one line naming it', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('says which CPU it cannot run on', () => {
    const r = run(['--cpus', '1023']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--cpus 1023');
  });

  it('times round trips of the ring it was asked for, and leaves no process behind', () => {
    const r = run(['--wakeups', '3', '--interval-us', '100', '--count', '50', '--json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ wakeups: 3, interval_us: 100, count: 50, cpus: '' });
    // Three wake-ups cost something, and far less than the 20 s the run may take.
    expect(result.median_us).toBeGreaterThan(0);
    expect(result.median_us).toBeLessThan(1_000_000);
    expect(result.p90_us).toBeGreaterThanOrEqual(result.median_us);
    expect(result.per_wakeup_us).toBeCloseTo(result.median_us / 3, 1);
    expect(probeProcesses()).toEqual([]);
  });

  it('runs the whole ring on the CPUs asked for; the ring ends with the probe', async () => {
    const cpu = String(availableParallelism() - 1);
    const child = spawn(probe, [
      '--wakeups',
      '3',
      '--interval-us',
      '1000',
      '--count',
      '1000000',
      '--cpus',
      cpu,
    ]);
    try {
      let ring: number[] = [];
      for (let i = 0; i < 100 && ring.length < 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        ring = probeProcesses();
      }
      expect(ring).toHaveLength(3);
      for (const pid of ring) {
        const allowed = readFileSync(`/proc/${pid}/status`, 'utf8').match(
          /^Cpus_allowed_list:\s*(\S+)$/m,
        )?.[1];
        expect(allowed).toBe(cpu);
      }
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // The ring's processes die with the probe (PR_SET_PDEATHSIG), whatever ended it.
    let left = probeProcesses();
    for (let i = 0; i < 40 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = probeProcesses();
    }
    expect(left).toEqual([]);
  });

  it('prints one summary line without --json', () => {
    expect(run(['--wakeups', '2', '--count', '5', '--interval-us', '0']).stdout).toMatch(
      /^2 wake-ups, 0 us apart: median [\d.]+ us \(p90 [\d.]+\), [\d.]+ us per wake-up\n$/,
    );
  });
});
