// cosmosd's command line: bad arguments are one line on stderr and exit status 2, before
// anything starts (no daemon socket; --no-switch, so a regression starts no switch either).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/bin/cosmosd.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cosmosd-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(bin))('cosmosd arguments', () => {
  it.each([
    [['--switch-cpus', 'abc'], /invalid --switch-cpus 'abc'/],
    [['--switch-cpus', '0-'], /invalid --switch-cpus '0-'/],
    [['--switch-cpus', '1-0'], /invalid --switch-cpus '1-0'/],
    [['--instance-cpus', '1-0'], /invalid --instance-cpus '1-0'/],
    [['--instance-cpus', ''], /invalid --instance-cpus ''/],
    [['--log-level', 'loud'], /invalid --log-level 'loud'/],
    [['--cgroup-parent', '../x'], /invalid --cgroup-parent '..\/x'/],
    [['--cgroup-parent', 'a/./b'], /invalid --cgroup-parent/],
  ])('%j is refused clearly', (args, message) => {
    const state = join(dir, 'state');
    const r = spawnSync(process.execPath, [bin, '--state', state, '--no-switch', ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(state, 'cosmosd.sock'))).toBe(false);
  });
});
