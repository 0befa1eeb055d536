// The wire and ethermirror plugins end to end: installed into a plugin registry, created and
// started as real instances (clickos-instance) from their configurations with parameters, and
// driven by hosts in network namespaces this test creates, through clickos-switch NIC ports.
// Wire: host A pings host B across two switches joined only by the wire. EtherMirror: frames
// host A sends to the mirror's MAC come back to A with source and destination swapped. Needs
// root and iproute2; skips with the reason otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InstanceManager, PluginRegistry, readPcap } from '@clickos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  program,
  type RunningSwitch,
  startSwitch,
  tempDir,
} from '../../../packages/core/src/testing/programs.js';
import { addHost, removeHosts, sh, switchRequest } from '../../../packages/core/src/testing/netns.js';

const instanceBinary = program('clickos-instance');
const switchBinary = program('clickos-switch');
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const hasTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const canRun = Boolean(instanceBinary && switchBinary) && isRoot && hasIp && hasTcpdump;
if (!canRun)
  console.log('middlebox e2e: skipped (needs root, iproute2, tcpdump, clickos-instance and clickos-switch)');

const middleboxes = join(import.meta.dirname, '..', '..');
const tag = `mb${process.pid % 100000}`;
const subnet = `10.202.${process.pid % 200}`;
const MIRROR_MAC = '02:00:00:00:0e:aa';

describe.skipIf(!canRun)('wire and ethermirror instances between network namespaces', () => {
  const dir = tempDir('middlebox-e2e');
  let sw: RunningSwitch;
  let manager: InstanceManager;
  let registry: PluginRegistry;
  const hosts: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) hosts.push(addHost(tag, i, `${subnet}.${i + 1}`));
    sw = await startSwitch(switchBinary as string, dir);
    manager = await InstanceManager.open({
      storePath: join(dir, 'store.db'),
      stateDir: join(dir, 'run'),
      process: { binary: instanceBinary as string, switchSocket: sw.socket },
    });
    registry = new PluginRegistry({ store: manager.store, dir: join(dir, 'plugins') });
    await registry.install(join(middleboxes, 'wire'));
    await registry.install(join(middleboxes, 'ethermirror'));
  });

  afterAll(async () => {
    // Destroyed, not only stopped: their cgroups and directories go too.
    for (const i of manager?.list() ?? []) await manager.destroy(i.name).catch(() => undefined);
    await manager?.close({ stopInstances: true });
    await sw?.stop();
    removeHosts(tag, hosts);
    rmSync(dir, { recursive: true, force: true });
  });

  it('wire: host A pings host B through the wire, and its counters see both directions', async () => {
    // A on switch a, B on switch b; the wire is the only path between the two switches.
    expect(
      await switchRequest(sw.socket, { op: 'nic-attach', switch: `${tag}a`, ifname: `${tag}s0` }),
    ).toMatchObject({ ok: true });
    expect(
      await switchRequest(sw.socket, { op: 'nic-attach', switch: `${tag}b`, ifname: `${tag}s1` }),
    ).toMatchObject({ ok: true });
    const spec = registry.createSpec(
      { name: 'wire1', ports: [{ switch: `${tag}a` }, { switch: `${tag}b` }] },
      { name: 'wire', params: { IN: '0', OUT: '1' } },
    );
    await manager.create(spec);
    await manager.start('wire1');
    expect(registry.users('wire')).toEqual({ all: ['wire1'], active: ['wire1'] });
    const ping = spawnSync(
      'ip',
      ['netns', 'exec', hosts[0] as string, 'ping', '-c', '3', '-i', '0.2', '-W', '2', `${subnet}.2`],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(ping.stdout).toContain('3 received');
    // ARP request + 3 echo requests one way; ARP reply + 3 echo replies (at least) the other.
    expect(Number(await manager.read('wire1', 'in_to_out.count'))).toBeGreaterThanOrEqual(4);
    expect(Number(await manager.read('wire1', 'out_to_in.count'))).toBeGreaterThanOrEqual(4);
    await expect(registry.remove('wire')).rejects.toThrow(
      "cannot remove plugin 'wire': instances use it (wire1)",
    );
    await manager.stop('wire1');
  });

  it('ethermirror: frames sent to the mirror come back with source and destination swapped', async () => {
    expect(
      await switchRequest(sw.socket, { op: 'nic-attach', switch: `${tag}m`, ifname: `${tag}s2` }),
    ).toMatchObject({ ok: true });
    const spec = registry.createSpec(
      { name: 'mirror1', ports: [{ switch: `${tag}m`, mac: MIRROR_MAC }] },
      { name: 'ethermirror', params: { PORT: '0' } },
    );
    await manager.create(spec);
    await manager.start('mirror1');
    const host = hosts[2] as string;
    const hostMac = sh('ip', ['-n', host, '-br', 'link', 'show', `${tag}h2`])
      .trim()
      .split(/\s+/)[2] as string;
    // The mirror's MAC stands for a neighbour address, so the host's pings go to it.
    sh('ip', [
      '-n',
      host,
      'neigh',
      'replace',
      `${subnet}.99`,
      'lladdr',
      MIRROR_MAC,
      'dev',
      `${tag}h2`,
      'nud',
      'permanent',
    ]);
    const capture = join(dir, 'mirror.pcap');
    const dump = spawn(
      'ip',
      [
        'netns',
        'exec',
        host,
        'tcpdump',
        '-i',
        `${tag}h2`,
        '-U',
        '-c',
        '3',
        '-w',
        capture,
        'ether',
        'src',
        MIRROR_MAC,
      ],
      { stdio: 'ignore' },
    );
    const done = new Promise((r) => dump.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump's capture starts
    spawnSync('ip', ['netns', 'exec', host, 'ping', '-c', '3', '-i', '0.2', '-W', '1', `${subnet}.99`], {
      timeout: 10_000,
    });
    const timer = setTimeout(() => dump.kill('SIGTERM'), 5000);
    await done;
    clearTimeout(timer);
    expect(existsSync(capture)).toBe(true);
    const frames = readPcap(capture);
    expect(frames.length).toBe(3);
    for (const f of frames) {
      const mac = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
      expect(mac(f.subarray(0, 6))).toBe(hostMac);
      expect(mac(f.subarray(6, 12))).toBe(MIRROR_MAC);
      expect(f.readUInt16BE(12)).toBe(0x0800);
      // The IP packet is the host's own echo request, untouched: from .3 to .99, ICMP type 8.
      expect([...f.subarray(26, 30)].join('.')).toBe(`${subnet}.3`);
      expect([...f.subarray(30, 34)].join('.')).toBe(`${subnet}.99`);
      expect(f[34]).toBe(8);
    }
    expect(Number(await manager.read('mirror1', 'mirrored.count'))).toBeGreaterThanOrEqual(3);
  });
});
