// A supervisor in another process starts an instance and is killed (SIGKILL: no clean-up);
// the instance keeps running, and a new supervisor adopts it with its state. The instance's
// state (a capacity written at run time, five queued packets) proves it is the same process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOf, program, removeDir, tempDir, waitFor } from '../testing/programs.js';
import { InstanceManager } from './manager.js';

const instanceBinary = program('clickos-instance');
const here = fileURLToPath(new URL('.', import.meta.url));
const viteNode = join(here, '..', '..', '..', '..', 'node_modules', '.bin', 'vite-node');

describe.skipIf(!instanceBinary)('a daemon that dies', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('daemon');
  });
  let m: InstanceManager | undefined;
  afterAll(async () => {
    await m?.close({ stopInstances: true });
    removeDir(dir);
  });

  it('leaves its instances running, and the next daemon adopts them', async () => {
    const options = {
      storePath: join(dir, 'store.db'),
      stateDir: join(dir, 'run'),
      process: { binary: instanceBinary as string, cgroups: false },
      watchdog: { intervalMs: 0 },
    };
    const request = JSON.stringify({
      options,
      name: 'survivor',
      config: 'InfiniteSource(LIMIT 5, STOP false) -> q :: Queue(100) -> Idle;',
    });
    const child = spawn(viteNode, [join(here, '..', 'testing', 'daemon.ts'), request], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const { enginePid } = JSON.parse(out.trim().split('\n').pop() as string) as { enginePid: number };
    expect(processesOf(instanceBinary as string)).toContain(enginePid);

    m = await InstanceManager.open(options);
    expect(m.events().map((e) => e.kind)).toContain('adopted');
    expect(m.supervisor.handle('survivor')?.runtime.enginePid).toBe(enginePid);
    expect(await m.read('survivor', 'q.capacity')).toBe('77\n');
    expect(await m.read('survivor', 'q.length')).toBe('5\n');
    await m.destroy('survivor');
    await waitFor('the instance to end', () => !processesOf(instanceBinary as string).includes(enginePid));
  }, 60_000);
});
