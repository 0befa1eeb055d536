// The router plugin end to end: installed into a plugin registry, started as a real instance
// (clickos-instance) with one port on each of two clickos-switch switches, each switch joined
// by a NIC port to a host in its own network namespace (created here). Host A pings host B
// through the router; the route to B's network is removed at run time (pings then get ICMP
// network unreachable from the router) and added back; a ping with TTL 1 gets time exceeded.
// Needs root and iproute2; skips with the reason otherwise.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InstanceManager, PluginRegistry } from '@clickos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  program,
  type RunningSwitch,
  startSwitch,
  tempDir,
} from '../../../packages/core/src/testing/programs.js';
import { addHost, ping, removeHosts, switchRequest } from '../../../packages/core/src/testing/netns.js';

const instanceBinary = program('clickos-instance');
const switchBinary = program('clickos-switch');
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const canRun = Boolean(instanceBinary && switchBinary) && isRoot && hasIp;
if (!canRun) console.log('router e2e: skipped (needs root, iproute2, clickos-instance and clickos-switch)');

const tag = `rt${process.pid % 100000}`;
const n = process.pid % 200;
const NET_A = `10.213.${n}`;
const NET_B = `10.214.${n}`;

describe.skipIf(!canRun)('router instance between network namespaces', () => {
  const dir = tempDir('router-e2e');
  let sw: RunningSwitch;
  let manager: InstanceManager;
  let registry: PluginRegistry;
  const hosts: string[] = [];

  beforeAll(async () => {
    hosts.push(addHost(tag, 0, `${NET_A}.2`, `${NET_A}.1`), addHost(tag, 1, `${NET_B}.2`, `${NET_B}.1`));
    sw = await startSwitch(switchBinary as string, dir);
    manager = await InstanceManager.open({
      storePath: join(dir, 'store.db'),
      stateDir: join(dir, 'run'),
      process: { binary: instanceBinary as string, switchSocket: sw.socket },
    });
    registry = new PluginRegistry({ store: manager.store, dir: join(dir, 'plugins') });
    await registry.install(join(import.meta.dirname, '..'));
    for (const [i, s] of ['a', 'b'].entries()) {
      expect(
        await switchRequest(sw.socket, { op: 'nic-attach', switch: `${tag}${s}`, ifname: `${tag}s${i}` }),
      ).toMatchObject({
        ok: true,
      });
    }
    const spec = registry.createSpec(
      { name: `${tag}r`, ports: [{ switch: `${tag}a` }, { switch: `${tag}b` }] },
      { name: 'router', params: { IP0: `${NET_A}.1`, IP1: `${NET_B}.1` } },
    );
    await manager.create(spec);
    await manager.start(`${tag}r`);
  });

  afterAll(async () => {
    // Destroyed, not only stopped: their cgroups and directories go too.
    for (const i of manager?.list() ?? []) await manager.destroy(i.name).catch(() => undefined);
    await manager?.close({ stopInstances: true });
    await sw?.stop();
    removeHosts(tag, hosts);
    rmSync(dir, { recursive: true, force: true });
  });

  it('routes pings between the networks, answers its own address, and follows run-time route changes', async () => {
    const name = `${tag}r`;
    expect(ping(hosts[0] as string, `${NET_A}.1`).stdout).toContain('3 received');
    expect(ping(hosts[0] as string, `${NET_B}.2`).stdout).toContain('3 received');
    expect(Number(await manager.read(name, 'forwarded1.count'))).toBeGreaterThanOrEqual(3);
    expect(await manager.read(name, 'arpq1.table')).toContain(`${NET_B}.2 1`);

    await manager.write(name, 'rt.remove', `${NET_B}.0/24`);
    const cut = ping(hosts[0] as string, `${NET_B}.2`);
    expect(cut.stdout).toContain('0 received');
    expect(cut.stdout).toMatch(/Destination Net Unreachable/i);
    await expect(manager.write(name, 'rt.add', `${NET_B}.0/24 9`)).rejects.toThrow();
    await manager.write(name, 'rt.add', `${NET_B}.0/24 2`);
    expect(ping(hosts[0] as string, `${NET_B}.2`).stdout).toContain('3 received');

    const ttl = ping(hosts[0] as string, `${NET_B}.2`, ['-t', '1']);
    expect(ttl.stdout).toMatch(/Time to live exceeded/i);
    expect(ttl.stdout).toContain(`From ${NET_A}.1`);
  });
});
