import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fileLimit, raiseFileLimit, watchExit } from './os.js';
import { isSameProcess, processStartTicks } from './proc.js';

describe('process helpers', () => {
  it('learns when a process ends through its pidfd', async () => {
    const child = spawn('sleep', ['0.2'], { stdio: 'ignore' });
    const pid = child.pid as number;
    const start = processStartTicks(pid) as number;
    expect(isSameProcess(pid, start)).toBe(true);
    expect(isSameProcess(pid, start + 1)).toBe(false); // a reused pid is another process
    const ended = new Promise<void>((resolve) => {
      expect(watchExit(pid, resolve)).toBeTypeOf('function');
    });
    const keep = setInterval(() => undefined, 100); // the pidfd poll does not hold the loop
    await ended;
    clearInterval(keep);
    expect(child.exitCode ?? (await new Promise((r) => child.on('exit', r)))).toBe(0);
  });

  it('raises the soft descriptor limit, never above the hard one for non-root', () => {
    const { soft, hard } = fileLimit();
    expect(soft).toBeLessThanOrEqual(hard);
    expect(raiseFileLimit(soft)).toBe(soft);
    const raised = raiseFileLimit(hard);
    expect(raised).toBeGreaterThanOrEqual(Math.min(hard, soft));
  });
});

describe('InstanceCgroups', () => {
  it('keeps instance groups below its own: a parent with . or .. is refused', async () => {
    const { InstanceCgroups } = await import('./cgroups.js');
    const root = '/nonexistent-cgroup-root';
    expect(new InstanceCgroups('w1', { root, parent: 'clickos/tests' }).dirs.memory).toMatch(
      /\/clickos\/tests\/w1$/,
    );
    for (const parent of ['..', '../x', 'a/../../b', 'a/./b', '', 'a//b', '/abs'])
      expect(() => new InstanceCgroups('w1', { root, parent })).toThrow(/invalid cgroup parent/);
  });
});
