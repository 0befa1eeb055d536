// The stateful firewall plugin end to end: installed into a plugin registry, started as a real
// instance with its inside port on one clickos-switch switch and its outside port on another,
// each joined by a NIC port to a host in its own network namespace (one subnet: the firewall
// bridges). The rules only let the inside host ping out: its pings are answered (the replies
// pass as part of the connections), the outside host's pings are not. Then the rule set is
// replaced at run time and a bad one refused. Needs root and iproute2; skips otherwise.
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
if (!canRun) console.log('firewall e2e: skipped (needs root, iproute2, clickos-instance and clickos-switch)');

const tag = `fw${process.pid % 100000}`;
const n = process.pid % 200;
const NET = `10.215.${n}`;

describe.skipIf(!canRun)('stateful firewall instance between network namespaces', () => {
  const dir = tempDir('firewall-e2e');
  let sw: RunningSwitch;
  let manager: InstanceManager;
  let registry: PluginRegistry;
  const hosts: string[] = [];
  const name = `${tag}f`;
  const inside = `${NET}.2`;
  const outside = `${NET}.3`;

  beforeAll(async () => {
    hosts.push(addHost(tag, 0, inside), addHost(tag, 1, outside));
    sw = await startSwitch(switchBinary as string, dir);
    manager = await InstanceManager.open({
      storePath: join(dir, 'store.db'),
      stateDir: join(dir, 'run'),
      // Instances load the plugin's element package from the registry's package directory.
      process: {
        binary: instanceBinary as string,
        switchSocket: sw.socket,
        packagePath: [join(dir, 'plugins', 'packages')],
      },
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
      { name, ports: [{ switch: `${tag}a` }, { switch: `${tag}b` }] },
      { name: 'firewall', config: 'stateful', params: { IN: '0', OUT: '1' } },
    );
    await manager.create(spec);
    await manager.start(name);
  });

  afterAll(async () => {
    // Destroyed, not only stopped: their cgroups and directories go too.
    for (const i of manager?.list() ?? []) await manager.destroy(i.name).catch(() => undefined);
    await manager?.close({ stopInstances: true });
    await sw?.stop();
    removeHosts(tag, hosts);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the inside ping out and get answers, and keeps the outside from pinging in', async () => {
    // Before any rule is loaded the POLICY (deny) holds.
    expect(ping(hosts[0] as string, outside).stdout).toContain('0 received');
    await manager.write(name, 'filter.config', `allow src host ${inside} && icmp type echo, deny all`);
    expect(ping(hosts[0] as string, outside).stdout).toContain('3 received');
    expect(Number(await manager.read(name, 'conn.count'))).toBeGreaterThanOrEqual(1);
    expect(ping(hosts[1] as string, inside).stdout).toContain('0 received');
    const counts = JSON.parse(await manager.read(name, 'filter.counts'));
    expect(counts.rules[0].packets).toBeGreaterThanOrEqual(1); // the first echo of the connection
    expect(counts.rules[1].packets).toBeGreaterThanOrEqual(3); // the outside host's echoes
    // A bad rule set is refused and the one in force stays.
    await expect(manager.write(name, 'filter.config', 'allow icmp, deny udp port 99999')).rejects.toThrow(
      /rule 1: '99999' is out of range/,
    );
    expect(ping(hosts[1] as string, inside).stdout).toContain('0 received');
    // Replaced at run time: now both ways.
    await manager.write(name, 'filter.config', 'allow icmp, deny all');
    expect(ping(hosts[1] as string, inside).stdout).toContain('3 received');
  });
});
