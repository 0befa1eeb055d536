// One supervisor per store (docs/backends.md): a second InstanceManager on the same store is
// refused, in this process or from another one, with the store's path and the holder's pid;
// readers (a Store opened directly, a backup) keep working; a holder killed with SIGKILL
// leaves a stale lock that the next supervisor takes over.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InstanceManager, type InstanceManagerOptions } from '../instances/manager.js';
import { restoreStore, Store } from '../store/store.js';
import { removeDir, tempDir, waitFor } from '../testing/programs.js';
import { StoreInUse } from './lock.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const viteNode = join(here, '..', '..', '..', '..', 'node_modules', '.bin', 'vite-node');

describe('one supervisor per store', () => {
  let dir = '';
  let n = 0;
  const open: InstanceManager[] = [];
  const options = (store: string): InstanceManagerOptions => ({
    storePath: join(dir, store),
    stateDir: join(dir, `${store}.run`),
    process: { cgroups: false },
    watchdog: { intervalMs: 0 },
    watchSwitch: false,
  });
  const manager = async (store: string) => {
    const m = await InstanceManager.open(options(store));
    open.push(m);
    return m;
  };
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = tempDir('lock');
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    for (const m of open.splice(0)) await m.close();
  });
  afterAll(() => removeDir(dir));

  it('refuses a second manager in the same process, naming the store and this pid', async () => {
    const store = `s${n++}.db`;
    const first = await manager(store);
    const second = InstanceManager.open(options(store));
    await expect(second).rejects.toThrow(StoreInUse);
    await expect(InstanceManager.open(options(store))).rejects.toThrow(
      `the control store ${join(dir, store)} is already supervised by process ${process.pid} (this process`,
    );
    // Readers are not supervisors: a Store opened directly, and a backup, still work.
    const reader = Store.open(join(dir, store));
    expect(reader.listInstances()).toEqual([]);
    reader.close();
    await first.backup(join(dir, 'copy.db'));
    // The copy carries no lock: a supervisor of the copy starts while the first one runs.
    const ofCopy = await manager('copy.db');
    expect(ofCopy.list()).toEqual([]);
    // Once the first closes, the store is free again.
    await first.close();
    open.splice(open.indexOf(first), 1);
    await manager(store);
  });

  it('refuses while another process holds the store, and takes over once it is killed', async () => {
    const store = `s${n++}.db`;
    const proc = spawn(viteNode, [join(here, '..', 'testing', 'holder.ts'), JSON.stringify(options(store))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += d;
    });
    await waitFor('the holder to open its store', () => out.includes('\n'), 30_000);
    const { pid } = JSON.parse(out.trim()) as { pid: number };
    expect(pid).not.toBe(process.pid);
    const refused = await InstanceManager.open(options(store)).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(StoreInUse);
    expect((refused as Error).message).toBe(
      `the control store ${join(dir, store)} is already supervised by process ${pid}, since ` +
        `${(refused as StoreInUse).holder.since}: one supervisor per store (stop that one, or use another store)`,
    );

    proc.kill('SIGKILL'); // no clean-up: the lock row stays behind
    await new Promise((r) => proc.once('exit', r));
    const m = await manager(store);
    const taken = m.events().filter((e) => e.kind === 'supervisor-lock-taken-over');
    expect(taken).toHaveLength(1);
    expect(taken[0]?.detail.pid).toBe(pid);
  }, 60_000);

  it('a restored backup is not locked by the supervisor it was taken from', async () => {
    const store = `s${n++}.db`;
    const m = await manager(store);
    await m.create({ name: 'kept', config: 'Idle -> Discard;' });
    // A raw copy of the file while it is supervised (not through m.backup) carries the lock.
    const raw = Store.open(join(dir, store));
    await raw.db.backup(join(dir, 'raw.db'));
    raw.close();
    const locked = Store.open(join(dir, 'raw.db'));
    expect(locked.supervisorLock()?.pid).toBe(process.pid);
    locked.close();
    await m.close();
    open.splice(open.indexOf(m), 1);
    await restoreStore(join(dir, 'raw.db'), join(dir, store));
    const again = await manager(store);
    expect(again.list().map((i) => i.name)).toEqual(['kept']);
  });
});
