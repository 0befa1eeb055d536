// The switch killed (SIGKILL) while instances run, and started again: the manager notices,
// hands the instances' ring ports back to the new switch (the same processes keep running,
// element state and all), pushes their static MAC entries again and re-attaches the NIC and
// TAP ports the store records; traffic resumes. Expectations follow docs/backends.md: the
// instances are not restarted (same engine pids, counters keep counting from where they were),
// every static entry points at its instance port's new number, and nothing leaks.
import { once } from 'node:events';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyChain } from '../chains/apply.js';
import { parseChain } from '../chains/load.js';
import { NotFound } from '../errors.js';
import { SwitchClient } from '../switch/client.js';
import { addHost, ping, removeHosts } from '../testing/netns.js';
import {
  ownDescriptors,
  killProcessesUnder,
  processesUnder,
  program,
  type RunningSwitch,
  removeDir,
  startSwitch,
  tempDir,
  waitFor,
  zombieChildren,
} from '../testing/programs.js';
import { InstanceManager, type InstanceManagerOptions } from './manager.js';
import type { SwitchRepairResult } from './switch-state.js';

const instanceBinary = program('clickos-instance');
const switchBinary = program('clickos-switch');
const root = process.getuid?.() === 0;
if (!root)
  console.log('switch restart: NIC and TAP port tests skipped: they need root (veth pairs, namespaces)');

// 1000 frames a second from 02:..:0a to rx's address 02:..:0b (EtherType 0x88b5, experimental).
const TX =
  'RatedSource(DATA \\<02000000000b 02000000000a 88b5 00000000>, LENGTH 60, RATE 1000) -> ToNetfront(0);';
const RX = 'FromNetfront(0) -> c :: Counter -> Discard;';
const WIRE = 'FromNetfront(0) -> ToNetfront(1); FromNetfront(1) -> ToNetfront(0);';

// Instance processes started by this suite (other test files may run instances meanwhile).
const ours = (dir: string) => processesUnder(instanceBinary as string, dir);

const enginePid = (m: InstanceManager, name: string) =>
  (m.supervisor.handle(name)?.runtime as { enginePid?: number } | undefined)?.enginePid ?? -1;

describe.skipIf(!instanceBinary || !switchBinary)('a switch restart', () => {
  let dir = '';
  let sw: RunningSwitch;
  let m: InstanceManager;

  const options = (): InstanceManagerOptions => ({
    storePath: join(dir, 'store.db'),
    stateDir: join(dir, 'run'),
    switchSocket: join(dir, 'switch.sock'),
    process: { binary: instanceBinary as string, switchSocket: join(dir, 'switch.sock'), cgroups: false },
    watchdog: { intervalMs: 0 },
    switchRepair: { retryMs: 100, maxRetryMs: 400 },
  });
  const client = () => new SwitchClient(join(dir, 'switch.sock'));

  // Starts an instance with one port on `switchName` whose record points the port at
  // descriptor 0 (not a memfd): at a repair its descriptors are refused. Returns its pid.
  const startWithPortsNotHandedBack = async (name: string, switchName: string): Promise<number> => {
    await m.create({ name, ports: [{ switch: switchName }], config: RX });
    await m.start(name);
    (m.supervisor.handle(name)?.runtime as { portFds: number[] }).portFds = [0];
    return enginePid(m, name);
  };

  // Kills the switch without letting it clean up, starts a new one on the same socket, and
  // resolves with the first repair that put ring ports back (or, with none, any repair).
  const restartSwitch = async (wantInstances = true): Promise<SwitchRepairResult> => {
    const repaired = new Promise<SwitchRepairResult>((resolve, reject) => {
      let last: SwitchRepairResult | undefined;
      const timer = setTimeout(() => {
        m.switchState.off('repaired', on);
        reject(new Error(`no repair put the switch back within 20 s; the last: ${JSON.stringify(last)}`));
      }, 20_000);
      const on = (r: SwitchRepairResult) => {
        last = r;
        if (r.failures.length === 0 && (!wantInstances || r.instances.length > 0)) {
          clearTimeout(timer);
          m.switchState.off('repaired', on);
          resolve(r);
        }
      };
      m.switchState.on('repaired', on);
    });
    sw.process.kill('SIGKILL');
    await once(sw.process, 'exit');
    sw = await startSwitch(switchBinary as string, dir);
    return repaired;
  };

  const count = async (name: string) => Number(await m.read(name, 'c.count'));
  const growing = async (name: string) => {
    const first = await count(name);
    let now = first;
    for (let i = 0; i < 300 && now <= first + 20; i++) {
      await new Promise((r) => setTimeout(r, 10));
      now = await count(name);
    }
    return { first, now };
  };

  beforeAll(async () => {
    // Short: an instance's control socket path (dir/run/NAME/control.sock) has at most 107 bytes.
    dir = tempDir('sr');
    sw = await startSwitch(switchBinary as string, dir);
    m = await InstanceManager.open(options());
  });
  afterEach(async () => {
    await m?.each('all', (n) => m.destroy(n));
  });
  afterAll(async () => {
    await m?.close({ stopInstances: true });
    killProcessesUnder(instanceBinary as string, dir);
    await sw?.stop();
    removeDir(dir);
  });

  // Descriptors of this process by kind (Node itself opens eventfds and sockets now and then).
  const kinds = () => {
    const all = ownDescriptors();
    const of = (what: string) => all.filter((f) => f.includes(what)).length;
    return { all: all.length, memfd: of('/memfd:'), pidfd: of('[pidfd]'), eventfd: of('[eventfd]') };
  };

  it('hands ring ports back and pushes static entries; the same instances count on', async () => {
    const fdsBefore = kinds();
    await m.create({ name: 'rx', ports: [{ switch: 'vale0', mac: '02:00:00:00:00:0b' }], config: RX });
    await m.create({ name: 'tx', ports: [{ switch: 'vale0' }], config: TX });
    m.addSwitchEntry({ switch: 'vale0', mac: '02:00:00:00:00:0c', instance: 'rx', devid: 0 });
    await m.start('rx');
    await m.start('tx');
    const before = await growing('rx');
    expect(before.now).toBeGreaterThan(before.first + 20);
    const pids = { rx: enginePid(m, 'rx'), tx: enginePid(m, 'tx') };

    const repaired = await restartSwitch();
    expect(repaired.instances.map((i) => i.name).sort()).toEqual(['rx', 'tx']);
    // The same processes: nothing restarted.
    expect(enginePid(m, 'rx')).toBe(pids.rx);
    expect(enginePid(m, 'tx')).toBe(pids.tx);
    const ports = client().ports('vale0');
    expect(ports.map((p) => `${p.name}/${p.kind}`).sort()).toEqual(['rx:0/ring', 'tx:0/ring']);
    const rxPort = ports.find((p) => p.name === 'rx:0')?.port;
    const recorded = m.supervisor.handle('rx')?.runtime.ports as Array<{ port: number }> | undefined;
    expect(recorded?.[0]?.port).toBe(rxPort);
    // Both static entries (the port's own MAC and the stored one) point at rx's new port.
    const statics = client()
      .table('vale0')
      .filter((e) => e.static === true)
      .map((e) => `${e.mac}->${e.port}`)
      .sort();
    expect(statics).toEqual([`02:00:00:00:00:0b->${rxPort}`, `02:00:00:00:00:0c->${rxPort}`]);
    // Traffic resumes, and rx's counter goes on from where it was (its state was kept).
    const after = await growing('rx');
    expect(after.first).toBeGreaterThanOrEqual(before.now);
    expect(after.now).toBeGreaterThan(after.first + 20);
    expect(
      m
        .events({ kind: 'ports-reattached' })
        .map((e) => e.instance)
        .sort(),
    ).toEqual(['rx', 'tx']);

    // A second repair finds nothing to do.
    expect(await m.repairSwitch()).toMatchObject({ interfaces: [], instances: [], failures: [] });

    // The ports live as long as the instances: destroyed, they go from the switch.
    await m.destroy('tx');
    await m.destroy('rx');
    await waitFor('the switch to free the ports', () => client().ports('vale0').length === 0);
    await waitFor('the instance processes to end', () => ours(dir).length === 0);
    expect(zombieChildren()).toEqual([]);
    const fds = kinds();
    expect(fds.memfd).toBe(0);
    expect(fds.pidfd).toBe(fdsBefore.pidfd);
    expect(fds.eventfd).toBe(fdsBefore.eventfd);
    expect(fds.all).toBeLessThanOrEqual(fdsBefore.all + 2);
  }, 60_000);

  it('keeps a suspended instance suspended, its ports handed back too', async () => {
    await m.create({ name: 'sleepy', ports: [{ switch: 'vale1' }], config: RX });
    await m.start('sleepy');
    await m.suspend('sleepy');
    const repaired = await restartSwitch();
    expect(repaired.instances.map((i) => i.name)).toEqual(['sleepy']);
    expect(m.get('sleepy').status).toBe('suspended');
    expect(
      client()
        .ports('vale1')
        .map((p) => p.name),
    ).toEqual(['sleepy:0']);
    await m.resume('sleepy');
    expect(await count('sleepy')).toBe(0);
  }, 60_000);

  it('restarts an instance whose ports cannot be handed back', async () => {
    const pid = await startWithPortsNotHandedBack('odd', 'vale7');
    const repaired = await restartSwitch();
    expect(repaired.instances.map((i) => i.name)).toEqual(['odd']);
    expect(enginePid(m, 'odd')).not.toBe(pid);
    const restarted = m.events({ instance: 'odd', kind: 'restarted' });
    expect(restarted.at(-1)?.detail.reason).toMatch(
      /^switch restarted: instance 'odd': descriptor 0 of port 0 is .*, not a memfd; it must restart to get its ports back$/,
    );
    expect(
      client()
        .ports('vale7')
        .map((p) => p.name),
    ).toEqual(['odd:0']);
    expect(await count('odd')).toBe(0);
  }, 60_000);

  it('gives an instance created before the restart and started after it fresh ports', async () => {
    await m.create({ name: 'late', ports: [{ switch: 'vale2' }], config: RX });
    await restartSwitch(false);
    await m.start('late');
    expect(
      client()
        .ports('vale2')
        .map((p) => p.name),
    ).toEqual(['late:0']);
  }, 60_000);

  it('a new supervisor opened after a switch restart hands the ports back', async () => {
    await m.create({ name: 'kept', ports: [{ switch: 'vale3' }], config: RX });
    await m.start('kept');
    const pid = enginePid(m, 'kept');
    await m.close(); // instances stay; nobody watches the switch now
    sw.process.kill('SIGKILL');
    await once(sw.process, 'exit');
    sw = await startSwitch(switchBinary as string, dir);
    m = await InstanceManager.open(options());
    await waitFor('the port to be handed back', () =>
      client()
        .ports()
        .some((p) => p.switch === 'vale3'),
    );
    expect(enginePid(m, 'kept')).toBe(pid);
    expect(
      client()
        .ports('vale3')
        .map((p) => p.name),
    ).toEqual(['kept:0']);
  }, 60_000);

  it('leaves alone the ports of an instance with a 62-character name (port names are cut at 63)', async () => {
    // "NAME:0" is 64 characters: the switch lists it whole after attach, cut to 63 after a reattach.
    const name = `long${'x'.repeat(58)}`;
    await m.create({ name, ports: [{ switch: 'vale8' }, { switch: 'vale8' }], config: WIRE });
    await m.start(name);
    const pid = enginePid(m, name);
    // Nothing was lost: a repair must not hand the ports over a second time.
    expect(await m.repairSwitch()).toMatchObject({ instances: [], failures: [] });
    expect(client().ports('vale8')).toHaveLength(2);
    // After a real restart both come back once, and a further repair again finds nothing to do.
    const repaired = await restartSwitch();
    expect(repaired.instances.map((i) => i.ports.length)).toEqual([2]);
    expect(enginePid(m, name)).toBe(pid);
    expect(client().ports('vale8')).toHaveLength(2);
    expect(await m.repairSwitch()).toMatchObject({ instances: [], failures: [] });
    expect(client().ports('vale8')).toHaveLength(2);
  }, 60_000);

  it('keeps in the store the new numbers of ports handed back before another port failed', async () => {
    // A first instance takes the low port numbers and goes: the new switch numbers differently.
    await m.create({ name: 'filler', ports: [{ switch: 'vale9' }, { switch: 'vale9' }], config: WIRE });
    await m.start('filler');
    await m.create({ name: 'half', ports: [{ switch: 'vale9' }, { switch: 'vale9' }], config: WIRE });
    await m.start('half');
    await m.destroy('filler');
    const before = m.supervisor.handle('half')?.runtime.ports?.[0]?.port;
    const ports = m.supervisor.handle('half')?.runtime.ports as Array<{ port: number; switch: string }>;
    const bad = ports[1] as { switch: string };
    // Port 1's record names a switch the new switch refuses (a name too long): its hand-back
    // fails, after port 0's succeeded.
    bad.switch = 'x'.repeat(70);
    sw.process.kill('SIGKILL');
    await once(sw.process, 'exit');
    sw = await startSwitch(switchBinary as string, dir);
    // (The dead switch's socket file is still there: the new one may not listen yet.)
    await waitFor('port 0 to be handed back', () => {
      try {
        return client().ports('vale9').length === 1;
      } catch {
        return false;
      }
    });
    await m.switchState.settled();
    const onSwitch = client().ports('vale9')[0]?.port;
    expect(onSwitch).not.toBe(before);
    expect(m.supervisor.handle('half')?.runtime.ports?.[0]?.port).toBe(onSwitch);
    // What a supervisor opened after a crash would adopt: the same number.
    const stored = m.store.getInstance('half').runtime as { ports: Array<{ port: number }> };
    expect(stored.ports[0]?.port).toBe(onSwitch);
    bad.switch = 'vale9';
  }, 60_000);

  it("never hands the switch another process's descriptors: an engine pid that is not the instance's", async () => {
    await m.create({ name: 'own', ports: [{ switch: 'vale10' }], config: RX });
    await m.create({ name: 'other', ports: [{ switch: 'vale11' }], config: RX });
    await m.start('own');
    await m.start('other');
    const pid = enginePid(m, 'own');
    // As if own's engine had ended and its pid gone to another instance's engine, which has a
    // memfd and four eventfds at the same descriptor numbers.
    (m.supervisor.handle('own')?.runtime as { enginePid: number }).enginePid = enginePid(m, 'other');
    await restartSwitch();
    await m.switchState.settled();
    // other's port is on its own switch once; own was restarted with fresh ports of its own.
    expect(
      client()
        .ports()
        .map((p) => `${p.switch}/${p.name}`)
        .sort(),
    ).toEqual(['vale10/own:0', 'vale11/other:0']);
    expect(enginePid(m, 'own')).not.toBe(pid);
    expect(m.events({ instance: 'own', kind: 'restarted' }).at(-1)?.detail.reason).toMatch(
      /^switch restarted: instance 'own': process \d+ is not its engine/,
    );
  }, 60_000);

  it('an instance whose restart after a switch restart fails to boot is retried, not left stopped', async () => {
    // Its ports cannot be handed back, and its next boot fails: the boot file's place is taken
    // by a directory.
    const pid = await startWithPortsNotHandedBack('retry', 'vale13');
    const bootFile = join(dir, 'run', 'retry', 'boot.click');
    rmSync(bootFile);
    mkdirSync(join(bootFile, 'x'), { recursive: true });
    sw.process.kill('SIGKILL');
    await once(sw.process, 'exit');
    sw = await startSwitch(switchBinary as string, dir);
    await waitFor(
      'the failed restart',
      () => m.events({ instance: 'retry', kind: 'restart-failed' }).length > 0,
      20_000,
    );
    expect(m.events({ instance: 'retry', kind: 'restart-failed' })[0]?.detail.error).toMatch(/EISDIR/);
    rmSync(bootFile, { recursive: true });
    // Wanted running: booted again with back-off, like a crashed instance.
    await waitFor('the instance to run again', () => m.get('retry').status === 'running', 30_000);
    expect(enginePid(m, 'retry')).not.toBe(pid);
    await waitFor('its port on the new switch', () => {
      try {
        return (
          client()
            .ports('vale13')
            .map((p) => p.name)
            .join() === 'retry:0'
        );
      } catch {
        return false;
      }
    });
  }, 60_000);

  it('an apply while a repair runs waits for it: the instance keeps its process and ports', async () => {
    const chain = parseChain(
      `chain: rc\ninstances:\n  - name: rc1\n    text: "${RX}"\n    ports: [vale12]\n`,
      join(dir, 'rc.yaml'),
    );
    expect((await applyChain(m, client(), chain)).map((c) => c.kind)).toEqual(['create']);
    const pid = enginePid(m, 'rc1');
    sw.process.kill('SIGKILL');
    await once(sw.process, 'exit');
    sw = await startSwitch(switchBinary as string, dir);
    await waitFor('the new switch to answer', () => {
      try {
        client().ports();
        return true;
      } catch {
        return false;
      }
    });
    void m.repairSwitch(); // (the watch may have begun one already: they are the same run)
    // The plan must not see the ports the repair is handing back as lost.
    expect(await applyChain(m, client(), chain)).toEqual([]);
    expect(enginePid(m, 'rc1')).toBe(pid);
    expect(
      client()
        .ports('vale12')
        .map((p) => p.name),
    ).toEqual(['rc1:0']);
  }, 60_000);

  it('refuses bad interface specifications and records nothing', () => {
    expect(() => m.attachInterface({ switch: 'vale0', kind: 'tap', ifname: 'tap0', mode: 'xdp' })).toThrow(
      'invalid interface port: interface port: mode and zerocopy apply to nic ports only',
    );
    expect(() => m.attachInterface({ switch: 'vale0', kind: 'nic', ifname: 'way-too-long-name0' })).toThrow(
      'ifname: expected an interface name',
    );
    expect(() => m.attachInterface({ switch: 'vale0', kind: 'nic', ifname: 'nosuch-if0' })).toThrow(
      /nosuch-if0/,
    );
    expect(m.interfaces()).toEqual([]);
    expect(() => m.detachInterface('nosuch-if0')).toThrow("no switch has interface 'nosuch-if0' as a port");
    expect(() =>
      m.addInterfaceEntry({ switch: 'vale0', mac: '02:00:00:00:00:99', ifname: 'nosuch-if0' }),
    ).toThrow("interface 'nosuch-if0' is not a recorded port of switch 'vale0'");
    expect(() => m.addInterfaceEntry({ switch: 'vale0', mac: 'zz', ifname: 'nosuch-if0' })).toThrow(
      'invalid MAC address',
    );
    expect(() => m.removeInterfaceEntry('vale0', '02:00:00:00:00:99')).toThrow(NotFound);
  });

  describe.skipIf(!root)('with NIC and TAP ports', () => {
    const tag = `sr${process.pid % 10000}`;
    let hosts: string[] = [];
    beforeAll(() => {
      hosts = [addHost(tag, 0, '10.79.0.1'), addHost(tag, 1, '10.79.0.2')];
    });
    afterAll(() => removeHosts(tag, hosts));

    it('re-attaches the NIC ports it records; ping through a Wire resumes', async () => {
      m.attachInterface({ switch: 'vale4', kind: 'nic', ifname: `${tag}s0` });
      m.attachInterface({ switch: 'vale5', kind: 'nic', ifname: `${tag}s1`, busy: false });
      // Static entries of interface ports (addresses made up: entries need no real host).
      m.addInterfaceEntry({ switch: 'vale4', mac: '02:00:00:00:aa:01', ifname: `${tag}s0` });
      m.addInterfaceEntry({ switch: 'vale5', mac: '02:00:00:00:aa:02', ifname: `${tag}s1` });
      expect(() =>
        m.addInterfaceEntry({ switch: 'vale5', mac: '02:00:00:00:aa:03', ifname: `${tag}s0` }),
      ).toThrow(`interface '${tag}s0' is not a recorded port of switch 'vale5'`);
      const staticOf = (name: string) =>
        client()
          .table(name)
          .filter((e) => e.static === true)
          .map((e) => `${e.mac}->${e.port}`);
      const portOf = (ifname: string) => m.interfaces().find((i) => i.ifname === ifname)?.port;
      expect(staticOf('vale4')).toEqual([`02:00:00:00:aa:01->${portOf(`${tag}s0`)}`]);
      await m.create({ name: 'wire', ports: [{ switch: 'vale4' }, { switch: 'vale5' }], config: WIRE });
      await m.start('wire');
      expect(ping(hosts[0] as string, '10.79.0.2').status).toBe(0);
      const wirePid = enginePid(m, 'wire');

      const repaired = await restartSwitch();
      expect(repaired.interfaces.map((i) => `${i.switch}:${i.ifname}`).sort()).toEqual([
        `vale4:${tag}s0`,
        `vale5:${tag}s1`,
      ]);
      expect(m.interfaces().map((i) => [i.switch, i.ifname, i.kind, typeof i.port])).toEqual([
        ['vale4', `${tag}s0`, 'nic', 'number'],
        ['vale5', `${tag}s1`, 'nic', 'number'],
      ]);
      expect(enginePid(m, 'wire')).toBe(wirePid);
      expect(ping(hosts[0] as string, '10.79.0.2').status).toBe(0);
      expect(repaired.entries).toBe(2);
      expect(staticOf('vale4')).toEqual([`02:00:00:00:aa:01->${portOf(`${tag}s0`)}`]);
      expect(staticOf('vale5')).toEqual([`02:00:00:00:aa:02->${portOf(`${tag}s1`)}`]);

      // Detached, an interface is forgotten: the next restart leaves it out.
      m.detachInterface(`${tag}s1`);
      expect(m.interfaceEntries().map((e) => e.ifname)).toEqual([`${tag}s0`]); // its entry went with it
      expect(
        client()
          .ports('vale5')
          .map((p) => p.name),
      ).toEqual(['wire:1']);
      const again = await restartSwitch();
      expect(again.interfaces.map((i) => i.ifname)).toEqual([`${tag}s0`]);
      expect(
        client()
          .ports('vale5')
          .map((p) => p.kind),
      ).toEqual(['ring']);
      // Detached by port number (as `cosmos switch detach` does), too.
      const port = m.interfaces()[0]?.port as number;
      m.detachPort(port);
      expect(m.interfaces()).toEqual([]);
      expect(
        client()
          .ports('vale4')
          .map((p) => p.kind),
      ).toEqual(['ring']);
    }, 90_000);

    it('creates a TAP port again after a restart', async () => {
      const ifname = `${tag}t0`;
      m.attachInterface({ switch: 'vale6', kind: 'tap', ifname });
      expect(existsSync(`/sys/class/net/${ifname}`)).toBe(true);
      await restartSwitch(false);
      await waitFor('the TAP port to come back', () =>
        client()
          .ports('vale6')
          .some((p) => p.kind === 'tap' && p.name === ifname),
      );
      expect(existsSync(`/sys/class/net/${ifname}`)).toBe(true);
      m.detachInterface(ifname);
      await waitFor('the TAP interface to go', () => !existsSync(`/sys/class/net/${ifname}`));
    }, 60_000);
  });
});
