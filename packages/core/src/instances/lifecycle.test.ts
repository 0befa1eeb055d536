// Instances end to end with real clickos-instance processes (and a real clickos-switch for
// ports): life cycle, hot-swap keeping element state, bad configurations, crashes and the
// watchdog, suspend/resume, re-adoption by a new supervisor, and 200 instances without leaks.
// Expectations follow from the configurations (a Queue filled with 5 packets has length 5) and
// from the documented behaviour (docs/backends.md), never from this code's own output.
import { readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cgroupsUnavailable } from '../backends/process/cgroups.js';
import { ConfigError, Conflict, NotFound, UsageError } from '../errors.js';
import type { SupervisorEvent } from '../supervisor/supervisor.js';
import { SwitchClient } from '../switch/client.js';
import {
  ownDescriptors,
  killProcessesUnder,
  processesOf,
  processesUnder,
  program,
  type RunningSwitch,
  removeDir,
  startSwitch,
  tempDir,
  waitFor,
  zombieChildren,
} from '../testing/programs.js';
import { restoreStore } from '../store/store.js';
import { InstanceManager, type InstanceManagerOptions } from './manager.js';

const instanceBinary = program('clickos-instance');
const switchBinary = program('clickos-switch');
const noCgroups = cgroupsUnavailable();
if (noCgroups) console.log(`cgroup tests skipped: ${noCgroups}`);

// Five packets into a Queue nobody pulls from: q.length is 5 until something changes it.
const FILLED = 'InfiniteSource(LIMIT 5, STOP false) -> q :: Queue(100) -> Idle;';
// The same Queue, fed by nothing: a hot-swap from FILLED keeps q's packets (Queue takes state).
const EMPTY_SOURCE = 'Idle -> q :: Queue(100) -> Idle;';

// Instance processes started by this suite (other test files may run instances meanwhile).
const ours = (dir: string) => processesUnder(instanceBinary as string, dir);

const enginePid = (m: InstanceManager, name: string) =>
  (m.supervisor.handle(name)?.runtime as { enginePid?: number } | undefined)?.enginePid ?? -1;

function nextEvent(m: InstanceManager, kind: SupervisorEvent['kind'], instance: string, timeoutMs = 10_000) {
  return new Promise<SupervisorEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${kind}' event for ${instance}`)), timeoutMs);
    const on = (e: SupervisorEvent) => {
      if (e.kind === kind && e.instance === instance) {
        clearTimeout(timer);
        m.supervisor.off('event', on);
        resolve(e);
      }
    };
    m.supervisor.on('event', on);
  });
}

describe.skipIf(!instanceBinary || !switchBinary)('instances (process backend)', () => {
  let dir = '';
  const cgroupParent = `clickos-test-${process.pid}`;
  let sw: RunningSwitch;
  let m: InstanceManager;

  const options = (): InstanceManagerOptions => ({
    storePath: join(dir, 'store.db'),
    stateDir: join(dir, 'run'),
    process: {
      binary: instanceBinary as string,
      switchSocket: sw.socket,
      cgroupOptions: { parent: cgroupParent },
    },
    backoff: { initialMs: 50, maxMs: 400, resetAfterMs: 60_000 },
    // Short, but not so short that a busy instance on a loaded machine misses it.
    watchdog: { intervalMs: 100, timeoutMs: 1500 },
  });

  beforeAll(async () => {
    dir = tempDir('instances');
    sw = await startSwitch(switchBinary as string, dir);
    m = await InstanceManager.open(options());
  });

  // Each test leaves nothing behind, even when it fails: the next starts from an empty store.
  afterEach(async () => {
    await m?.each('all', (n) => m.destroy(n));
  });

  afterAll(async () => {
    await m?.close({ stopInstances: true });
    // Whatever a failed test left behind (only processes started here: their paths are in dir).
    killProcessesUnder(instanceBinary as string, dir);
    await sw?.stop();
    removeDir(dir);
    if (!noCgroups) {
      const own = readFileSync('/proc/self/cgroup', 'utf8');
      for (const c of ['memory', 'cpu', 'freezer']) {
        const path = new RegExp(`:${c}:(.*)$`, 'm').exec(own)?.[1] ?? '/';
        try {
          rmdirSync(join('/sys/fs/cgroup', c, path, cgroupParent));
        } catch {
          // not created, or not empty: the leak test says which
        }
      }
    }
  });

  it('creates, starts, reads, stops, restarts and destroys an instance', async () => {
    const info = await m.create({ name: 'life', labels: { suite: 'life' }, config: FILLED });
    expect(info).toMatchObject({ status: 'stopped', desired: 'stopped', configVersion: 1 });
    expect((await m.start('life')).status).toBe('running');
    let length = '';
    for (let i = 0; i < 100 && length !== '5\n'; i++) {
      length = await m.read('life', 'q.length');
      if (length !== '5\n') await new Promise((r) => setTimeout(r, 10));
    }
    expect(length).toBe('5\n');
    expect(await m.read('life', 'q.capacity')).toBe('100\n');
    await m.write('life', 'q.capacity', '50');
    expect(await m.read('life', 'q.capacity')).toBe('50\n');
    const stats = await m.stats('life');
    expect(stats.state).toBe('running');
    expect(stats.pssBytes).toBeGreaterThan(0);

    expect((await m.stop('life')).status).toBe('stopped');
    await expect(m.read('life', 'q.length')).rejects.toThrow(Conflict);
    // A restart runs the stored configuration from scratch: capacity is 100 again.
    await m.start('life');
    expect(await m.read('life', 'q.capacity')).toBe('100\n');
    await m.destroy('life');
    expect(() => m.get('life')).toThrow(NotFound);
  });

  it('runs an instance on the CPUs its resources name', async () => {
    await m.create({ name: 'placed', config: 'Idle -> Discard;', resources: { cpus: '0' } });
    await m.start('placed');
    const pid = enginePid(m, 'placed');
    const allowed = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Cpus_allowed_list:\s*(\S+)$/m)?.[1];
    expect(allowed).toBe('0');
    await m.destroy('placed');
  });

  // The host's default placement (cosmosd --instance-cpus) for instances that name no CPUs.
  const ownCpus = readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(\S+)$/m)?.[1] ?? '';
  const lastCpu = ownCpus.split(',').at(-1)?.split('-').at(-1) ?? '0';
  if (lastCpu === '0') console.log('default placement test skipped: this process may run on CPU 0 only');
  it.skipIf(lastCpu === '0')('places instances without CPUs of their own on the default CPUs', async () => {
    const placed = await InstanceManager.open({
      ...options(),
      storePath: join(dir, 'placed.db'),
      stateDir: join(dir, 'placed-run'),
      process: { ...options().process, defaultCpus: lastCpu },
    });
    try {
      await placed.create({ name: 'default-placed', config: 'Idle -> Discard;' });
      await placed.create({ name: 'own-cpus', config: 'Idle -> Discard;', resources: { cpus: '0' } });
      await placed.start('default-placed');
      await placed.start('own-cpus');
      const allowed = (name: string) =>
        readFileSync(`/proc/${enginePid(placed, name)}/status`, 'utf8').match(
          /^Cpus_allowed_list:\s*(\S+)$/m,
        )?.[1];
      expect(allowed('default-placed')).toBe(lastCpu);
      expect(allowed('own-cpus')).toBe('0');
    } finally {
      for (const name of ['default-placed', 'own-cpus']) await placed.destroy(name).catch(() => {});
      await placed.close({ stopInstances: true });
    }
  });

  it('refuses a default CPU list that is not one, naming it', async () => {
    await expect(
      InstanceManager.open({
        ...options(),
        storePath: join(dir, 'badcpus.db'),
        stateDir: join(dir, 'badcpus-run'),
        process: { ...options().process, defaultCpus: '1-0' },
      }),
    ).rejects.toThrow(/invalid default CPU list '1-0'/);
  });

  it('validates requests and names what is wrong', async () => {
    await expect(m.create({ name: '-bad' })).rejects.toThrow(UsageError);
    await expect(m.create({ name: 'ok', labels: { 'a b': 'c' } })).rejects.toThrow(/labels/);
    await expect(m.create({ name: 'ok', ports: [{ switch: 'vale0', slots: 100 }] })).rejects.toThrow(
      /power of two/,
    );
    await m.create({ name: 'noconfig' });
    await expect(m.start('noconfig')).rejects.toThrow(Conflict);
    await expect(m.create({ name: 'noconfig' })).rejects.toThrow(Conflict);
    await expect(m.start('nosuch')).rejects.toThrow(NotFound);
    await m.destroy('noconfig');
  });

  it('refuses a bad configuration with its locations and keeps the old one running', async () => {
    await m.create({ name: 'bad', config: FILLED });
    await m.start('bad');
    const generation = await m.read('bad', 'generation');
    const err = await m.install('bad', 'Idle -> c :: Counterx -> Discard;').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).diagnostics[0]).toMatchObject({ file: 'bad.click', line: 1, col: 9 });
    expect((err as ConfigError).message).toContain("unknown element class 'Counterx'");
    expect(m.get('bad').configVersion).toBe(1);
    expect(await m.read('bad', 'generation')).toBe(generation);
    expect(await m.read('bad', 'q.capacity')).toBe('100\n');
    // One that checks but fails where only the instance can tell: FromDump's file is missing.
    // The sandboxed instance cannot open files once running, so it is restarted with the new
    // configuration, which fails at boot: the old configuration is brought back.
    const missing = join(dir, 'missing.pcap');
    const late = await m.install('bad', `FromDump(${missing}) -> Discard;`).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ConfigError);
    expect((late as ConfigError).message).toContain('missing.pcap');
    expect(m.get('bad')).toMatchObject({ configVersion: 1, status: 'running' });
    expect(await m.read('bad', 'q.capacity')).toBe('100\n');
    await m.destroy('bad');
  });

  it('hot-swaps a changed configuration, keeping the Queue and its packets', async () => {
    await m.create({ name: 'swap', config: FILLED });
    await m.start('swap');
    for (let i = 0; i < 100 && (await m.read('swap', 'q.length')) !== '5\n'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const pid = enginePid(m, 'swap');
    expect(await m.install('swap', EMPTY_SOURCE)).toEqual({ version: 2, mode: 'hot-swap' });
    expect(enginePid(m, 'swap')).toBe(pid); // the same process
    expect(await m.read('swap', 'generation')).toBe('2\n');
    expect(await m.read('swap', 'q.length')).toBe('5\n'); // state taken over
    expect((await m.read('swap', 'list')).split('\n').slice(1, 4).sort()).toEqual(['Idle@1', 'Idle@3', 'q']);
    expect(m.config('swap')?.version).toBe(2);
    await m.destroy('swap');
  });

  it('installs a configuration too large to hot-swap by restarting the instance with it', async () => {
    const small = await InstanceManager.open({
      ...options(),
      storePath: join(dir, 'small.db'),
      stateDir: join(dir, 'small'),
      process: { ...options().process, maxHotSwapBytes: 64 },
    });
    try {
      await small.create({ name: 'big', config: EMPTY_SOURCE }); // 32 bytes: hot-swaps
      await small.start('big');
      const pid = enginePid(small, 'big');
      const bigger = `${EMPTY_SOURCE}\nc :: Counter; Idle -> c -> Discard; // longer than 64 bytes`;
      expect(await small.install('big', bigger)).toEqual({ version: 2, mode: 'restart' });
      expect(enginePid(small, 'big')).not.toBe(pid);
      expect(await small.read('big', 'generation')).toBe('1\n'); // booted with it
      expect(await small.read('big', 'c.count')).toBe('0\n');
      await small.destroy('big');
    } finally {
      await small.close({ stopInstances: true });
    }
  });

  it('restarts a crashed instance with its configuration, backing off', async () => {
    await m.create({ name: 'crash', config: EMPTY_SOURCE });
    await m.start('crash');
    const first = enginePid(m, 'crash');
    const crashed = nextEvent(m, 'crashed', 'crash');
    const restarted = nextEvent(m, 'restarted', 'crash');
    process.kill(first, 'SIGKILL');
    expect((await crashed).detail.signal ?? (await crashed).detail.code).toBeDefined();
    expect((await restarted).detail.afterMs).toBe(50);
    const second = enginePid(m, 'crash');
    expect(second).not.toBe(first);
    expect(await m.read('crash', 'q.capacity')).toBe('100\n');
    // A second crash soon after waits twice as long.
    const again = nextEvent(m, 'restarted', 'crash');
    process.kill(second, 'SIGKILL');
    expect((await again).detail.afterMs).toBe(100);
    await m.destroy('crash');
  });

  it('restarts an instance that stops answering its control channel (watchdog)', async () => {
    await m.create({ name: 'hung', config: EMPTY_SOURCE });
    await m.start('hung');
    const pid = enginePid(m, 'hung');
    const unresponsive = nextEvent(m, 'unresponsive', 'hung');
    const restarted = nextEvent(m, 'restarted', 'hung');
    process.kill(pid, 'SIGSTOP'); // behind the supervisor's back: it still thinks it runs
    await unresponsive;
    await restarted;
    expect(enginePid(m, 'hung')).not.toBe(pid);
    expect(await m.read('hung', 'q.capacity')).toBe('100\n');
    await waitFor('the hung process to be gone', () => !processesOf(instanceBinary as string).includes(pid));
    await m.destroy('hung');
  });

  it('suspends an instance with its state and resumes it; a suspended instance uses no CPU', async () => {
    await m.create({ name: 'busy', config: 'InfiniteSource -> c :: Counter -> Discard;' });
    await m.start('busy');
    expect((await m.suspend('busy')).status).toBe('suspended');
    const before = await m.stats('busy');
    await new Promise((r) => setTimeout(r, 300));
    const after = await m.stats('busy');
    expect(after.cpuSeconds).toBe(before.cpuSeconds);
    await expect(m.read('busy', 'c.count')).rejects.toThrow(/suspended/);
    await m.resume('busy');
    const count1 = Number(await m.read('busy', 'c.count'));
    await new Promise((r) => setTimeout(r, 50));
    expect(Number(await m.read('busy', 'c.count'))).toBeGreaterThan(count1);
    await m.destroy('busy');
  });

  it('suspends with SIGSTOP where there are no cgroups, and adopts the stopped instance as suspended', async () => {
    const plain = () =>
      InstanceManager.open({
        ...options(),
        storePath: join(dir, 'plain.db'),
        stateDir: join(dir, 'plain'),
        process: { ...options().process, cgroups: false },
      });
    let p = await plain();
    try {
      await p.create({ name: 'stopme', config: 'InfiniteSource -> c :: Counter -> Discard;' });
      await p.start('stopme');
      await p.suspend('stopme');
      const pid = enginePid(p, 'stopme');
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      expect(state()).toBe('T');
      await p.close();
      p = await plain();
      expect(p.get('stopme').status).toBe('suspended');
      await p.resume('stopme');
      expect(state()).not.toBe('T');
      expect(Number(await p.read('stopme', 'c.count'))).toBeGreaterThan(0);
      await p.destroy('stopme');
    } finally {
      await p.close({ stopInstances: true });
    }
  });

  it.skipIf(noCgroups)('puts the instance in its cgroups with the limits asked for', async () => {
    await m.create({
      name: 'limited',
      config: EMPTY_SOURCE,
      resources: { memoryBytes: 64 << 20, cpuShares: 256, cpuPercent: 50 },
    });
    await m.start('limited');
    const own = readFileSync('/proc/self/cgroup', 'utf8');
    const memPath = /:memory:(.*)$/m.exec(own)?.[1] ?? '/';
    const cg = join('/sys/fs/cgroup/memory', memPath, cgroupParent, 'limited');
    expect(readFileSync(join(cg, 'memory.limit_in_bytes'), 'utf8').trim()).toBe(String(64 << 20));
    expect(readFileSync(join(cg, 'cgroup.procs'), 'utf8').split('\n').map(Number)).toContain(
      enginePid(m, 'limited'),
    );
    const cpuPath = /:cpu:(.*)$/m.exec(own)?.[1] ?? '/';
    const cpu = join('/sys/fs/cgroup/cpu', cpuPath, cgroupParent, 'limited');
    expect(readFileSync(join(cpu, 'cpu.shares'), 'utf8').trim()).toBe('256');
    expect(readFileSync(join(cpu, 'cpu.cfs_quota_us'), 'utf8').trim()).toBe('50000');
    await m.destroy('limited');
  });

  it('attaches ports to their switches; frames flow between two instances', async () => {
    await m.create({
      name: 'tx',
      ports: [{ switch: 'vale3' }],
      // Frames from 02:..:0a to rx's static address 02:..:0b (EtherType 0x88b5, for experiments).
      config:
        'InfiniteSource(DATA \\<02000000000b 02000000000a 88b5 00000000>, LENGTH 60, LIMIT 20, STOP false) -> ToNetfront(0);',
    });
    await m.create({
      name: 'rx',
      ports: [{ switch: 'vale3', mac: '02:00:00:00:00:0b' }],
      config: 'FromNetfront(0) -> c :: Counter -> Discard;',
    });
    const ports = async () => new SwitchClient(sw.socket).ports('vale3').map((p) => p.name);
    expect((await ports()).sort()).toEqual(['rx:0', 'tx:0']);
    await m.start('rx');
    await m.start('tx');
    let count = 0;
    for (let i = 0; i < 200 && count < 20; i++) {
      count = Number(await m.read('rx', 'c.count'));
      if (count < 20) await new Promise((r) => setTimeout(r, 10));
    }
    expect(count).toBe(20);
    expect((await m.stats('rx')).ports).toMatchObject([
      { devid: 0, switch: 'vale3', mac: '02:00:00:00:00:0b' },
    ]);
    await m.destroy('tx');
    await m.destroy('rx');
    for (let i = 0; i < 100 && (await ports()).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await ports()).toEqual([]);
  });

  it('keeps static switch entries with their instance port, across restarts', async () => {
    await m.create({ name: 'st', ports: [{ switch: 'vale5' }, { switch: 'vale6' }], config: EMPTY_SOURCE });
    await m.start('st');
    const client = new SwitchClient(sw.socket);
    const entry = () =>
      client.table('vale6').find((e) => String(e.mac).toLowerCase() === '02:00:00:00:00:66');
    const portOf = () =>
      (m.supervisor.handle('st')?.runtime.ports as Array<{ port: number }> | undefined)?.[1]?.port;
    m.addSwitchEntry({ switch: 'vale6', mac: '02:00:00:00:00:66', instance: 'st', devid: 1 });
    expect(entry()?.port).toBe(portOf());
    expect(() =>
      m.addSwitchEntry({ switch: 'vale5', mac: '02:00:00:00:00:67', instance: 'st', devid: 1 }),
    ).toThrow(NotFound);
    const restarted = nextEvent(m, 'restarted', 'st');
    process.kill(enginePid(m, 'st'), 'SIGKILL');
    await restarted;
    expect(entry()?.port).toBe(portOf());
    m.removeSwitchEntry('vale6', '02:00:00:00:00:66');
    expect(entry()).toBeUndefined();
    expect(m.switchEntries()).toEqual([]);
    await m.destroy('st');
  });

  it('reconfigures many instances by label in one operation', async () => {
    for (let i = 0; i < 6; i++) {
      await m.create({ name: `r${i}`, labels: { tier: i < 4 ? 'edge' : 'core' }, config: FILLED });
      await m.start(`r${i}`);
    }
    const results = await m.reconfigure({ labels: { tier: 'edge' } }, EMPTY_SOURCE);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['r0', true],
      ['r1', true],
      ['r2', true],
      ['r3', true],
    ]);
    for (let i = 0; i < 6; i++) expect(m.get(`r${i}`).configVersion).toBe(i < 4 ? 2 : 1);
    await expect(m.reconfigure('all', 'Idle -> x :: Nope;')).rejects.toThrow(ConfigError);
    for (let i = 0; i < 6; i++) expect(m.get(`r${i}`).configVersion).toBe(i < 4 ? 2 : 1);
    await m.each({ labels: { tier: 'edge' } }, (n) => m.destroy(n));
    await m.each({ labels: { tier: 'core' } }, (n) => m.destroy(n));
    expect(m.list()).toEqual([]);
  });

  it('a new supervisor re-adopts running instances, keeping their state, and restarts missing ones', async () => {
    await m.create({ name: 'keep', config: FILLED });
    await m.create({ name: 'frozen', config: FILLED });
    await m.create({ name: 'lost', config: EMPTY_SOURCE });
    await m.create({ name: 'idle', config: EMPTY_SOURCE });
    for (const n of ['keep', 'frozen', 'lost']) await m.start(n);
    await m.suspend('frozen');
    for (let i = 0; i < 100 && (await m.read('keep', 'q.length')) !== '5\n'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await m.write('keep', 'q.capacity', '77'); // state only the running process has
    const keepPid = enginePid(m, 'keep');
    const lostPid = enginePid(m, 'lost');

    await m.close(); // the supervisor goes; instances stay
    process.kill(lostPid, 'SIGKILL'); // one dies while nobody watches
    await waitFor('lost to die', () => !processesOf(instanceBinary as string).includes(lostPid));

    m = await InstanceManager.open(options());
    expect(enginePid(m, 'keep')).toBe(keepPid);
    expect(await m.read('keep', 'q.capacity')).toBe('77\n');
    expect(await m.read('keep', 'q.length')).toBe('5\n');
    expect(m.get('frozen').status).toBe('suspended');
    expect(m.get('idle').status).toBe('stopped');
    expect(enginePid(m, 'lost')).not.toBe(lostPid);
    expect(await m.read('lost', 'q.capacity')).toBe('100\n');
    const kinds = m.events({ limit: 100_000 }).map((e) => `${e.kind}:${e.instance}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['adopted:keep', 'adopted:frozen', 'missing:lost', 'restarted:lost']),
    );
    // The adopted instance is still supervised: a crash is noticed and repaired.
    const restarted = nextEvent(m, 'restarted', 'keep');
    process.kill(keepPid, 'SIGKILL');
    await restarted;
    expect(await m.read('keep', 'q.capacity')).toBe('100\n');
    for (const n of ['keep', 'frozen', 'lost', 'idle']) await m.destroy(n);
  });

  it('restores a backup of the store: what it held runs again', async () => {
    await m.create({ name: 'saved', labels: { kept: 'yes' }, config: FILLED });
    await m.start('saved');
    await m.install('saved', EMPTY_SOURCE);
    const backup = join(dir, 'backups', 'store.db');
    await m.backup(backup);
    await m.destroy('saved'); // gone from the store and from the machine
    await m.close();
    await restoreStore(backup, join(dir, 'store.db'));
    m = await InstanceManager.open(options());
    // Its process ended with the destroy: the restored desired state boots it again.
    expect(m.get('saved')).toMatchObject({ labels: { kept: 'yes' }, configVersion: 2, status: 'running' });
    expect(m.config('saved')?.text).toBe(EMPTY_SOURCE);
    expect(await m.read('saved', 'q.capacity')).toBe('100\n');
    expect(m.events({ instance: 'saved' }).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['missing', 'restarted']),
    );
    await m.destroy('saved');
  });

  it('creates and destroys 200 instances with ports, leaking no process, descriptor, memfd or cgroup', async () => {
    const fdsBefore = ownDescriptors().length;
    const names = Array.from({ length: 200 }, (_, i) => `many${i}`);
    for (const name of names) {
      await m.create({
        name,
        labels: { batch: 'many' },
        ports: [{ switch: 'vale9', slots: 64 }],
        config: EMPTY_SOURCE,
      });
    }
    const started = await m.each({ labels: { batch: 'many' } }, (n) => m.start(n), 16);
    expect(started.filter((r) => !r.ok)).toEqual([]);
    const answers = await Promise.all(names.map((n) => m.read(n, 'q.capacity')));
    expect(new Set(answers)).toEqual(new Set(['100\n']));
    expect(ours(dir).length).toBeGreaterThanOrEqual(200);

    const destroyed = await m.each({ labels: { batch: 'many' } }, (n) => m.destroy(n), 16);
    expect(destroyed.filter((r) => !r.ok)).toEqual([]);
    await waitFor('every instance process to end', () => ours(dir).length === 0);
    expect(zombieChildren()).toEqual([]);
    const fds = ownDescriptors();
    expect(fds.filter((f) => f.startsWith('/memfd:'))).toEqual([]);
    expect(fds.length).toBeLessThanOrEqual(fdsBefore + 2);
    expect(new SwitchClient(sw.socket).ports('vale9')).toEqual([]);
    if (!noCgroups) {
      const own = readFileSync('/proc/self/cgroup', 'utf8');
      for (const c of ['memory', 'cpu', 'freezer']) {
        const path = new RegExp(`:${c}:(.*)$`, 'm').exec(own)?.[1] ?? '/';
        const parent = join('/sys/fs/cgroup', c, path, cgroupParent);
        const groups = readdirSync(parent).filter((e) => statSync(join(parent, e)).isDirectory());
        expect(groups).toEqual([]);
      }
    }
  }, 120_000);
});
