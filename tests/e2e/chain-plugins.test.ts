// A chain file as an operator writes it with `cosmos`: an installed plugin (the repository's
// Wire) between two hosts in network namespaces on NIC ports, with static MAC entries for the
// hosts on those NIC ports; a bad plugin parameter reported at its line and column of the file;
// a suspended instance that apply resumes. Expectations come from the topology (a ping crosses
// the Wire once each way), from the Wire's manifest and from docs/chains.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Cosmos,
  type Host,
  makeHost,
  ping,
  processOf,
  removeHost,
  repoRoot,
  skipReason,
  until,
} from './harness.js';

const reason = skipReason();
if (reason) console.log(`skipping the plugin chain end-to-end tests: ${reason}`);

const tag = (process.pid % 10000).toString(36);
const wireDir = join(repoRoot, 'middleboxes', 'wire');

describe.skipIf(reason !== undefined)('chain files with plugins, static NIC entries, suspend', () => {
  const cosmos = new Cosmos();
  let h1: Host;
  let h2: Host;
  const [sw0, sw1, wire] = [`${tag}pv0`, `${tag}pv1`, `${tag}-pw`];
  // Line 12 holds the params (a bad value's position is counted from this layout).
  const chainFile = (name: string, params: string) => {
    const path = join(cosmos.dir, name);
    writeFileSync(
      path,
      [
        `chain: ${tag}p`,
        'switches:',
        `  - name: ${sw0}`,
        `    nics: [${h1.outer}]`,
        `    static: [{mac: "${h1.mac}", port: ${h1.outer}}]`,
        `  - name: ${sw1}`,
        `    nics: [${h2.outer}]`,
        `    static: [{mac: "${h2.mac}", port: ${h2.outer}}]`,
        'instances:',
        `  - name: ${wire}`,
        '    plugin: wire',
        `    params: ${params}`,
        `    ports: [${sw0}, ${sw1}]`,
        '',
      ].join('\n'),
    );
    return name;
  };
  const status = async () =>
    (await cosmos.json<{ instances: Array<{ name: string; status: string }> }>(['list'])).instances.find(
      (i) => i.name === wire,
    )?.status;

  beforeAll(async () => {
    h1 = await makeHost(tag, 3, 78);
    h2 = await makeHost(tag, 4, 78);
    const installed = await cosmos.run(['plugin', 'install', wireDir]);
    expect(installed.code, installed.stderr).toBe(0);
  });
  afterAll(async () => {
    await cosmos.close();
    if (h1) await removeHost(h1);
    if (h2) await removeHost(h2);
  });

  it('a bad plugin parameter: FILE:LINE:COL naming the instance and the parameter, exit 1, nothing made', async () => {
    const r = await cosmos.run(['apply', chainFile('bad.yaml', '{BURST: 0}')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `bad.yaml:12:21: instances.0.params.BURST: instance ${wire}: plugin wire/wire: invalid parameter BURST: 0 is below the minimum 1`,
    );
    const unknown = await cosmos.run(['diff', chainFile('bad2.yaml', '{BURST: 8, RATE: 3}')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      `bad2.yaml:12:30: instances.0.params.RATE: instance ${wire}: plugin wire/wire: unknown parameter RATE (wire/wire takes IN, OUT, BURST)`,
    );
    expect(await status()).toBeUndefined();
  });

  it('apply: NIC ports, their static entries, the plugin instance; ping crosses it', async () => {
    const r = await cosmos.run(['apply', chainFile('good.yaml', '{BURST: 8}')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('made 5 changes');
    expect(r.stdout).toContain(`+ mac-add    ${h1.mac} on ${sw0}: frames for it go out of ${h1.outer}`);
    expect(await ping(h1, h2, 3)).toBe(3);
    const ports = await cosmos.json<{ ports: Array<{ port: number; name: string }> }>(['switch', 'ports']);
    const nic = ports.ports.find((p) => p.name === h1.outer)?.port;
    const table = await cosmos.json<{ entries: Array<{ mac: string; port: number; static: boolean }> }>([
      'switch',
      'table',
      sw0,
    ]);
    expect(table.entries.find((e) => e.mac === h1.mac)).toEqual({ mac: h1.mac, port: nic, static: true });
    expect((await cosmos.run(['apply', 'good.yaml'])).stdout.trim()).toBe(`chain ${tag}p: no changes`);
  });

  it('a suspended Wire stops the pings; diff shows the resume, apply does it', async () => {
    expect((await cosmos.run(['suspend', wire])).code).toBe(0);
    expect(await ping(h1, h2, 1)).toBe(0);
    const diff = await cosmos.run(['diff', 'good.yaml']);
    expect(diff.stdout).toBe(
      `chain ${tag}p: would make 1 change\n  ~ resume     ${wire}: suspended, wanted running (element state kept)\n`,
    );
    expect((await cosmos.run(['apply', 'good.yaml'])).code).toBe(0);
    expect(await status()).toBe('running');
    expect(await ping(h1, h2, 3)).toBe(3);
  });

  it('after a switch restart the daemon brings the NIC ports and their static entries back: nothing to apply', async () => {
    const sw = processOf('clickos-switch', join(cosmos.state, 'switch.sock'));
    expect(sw).toBeGreaterThan(0);
    process.kill(sw as number, 'SIGKILL');
    await cosmos.run(['daemon', 'stop']);
    // The next command starts the daemon and a new switch; the daemon repairs it by itself.
    await until('the repaired switch', async () => {
      const d = await cosmos.json<{ changes: unknown[] }>(['diff', 'good.yaml']);
      return d.changes.length === 0 ? true : undefined;
    });
    const ports = await cosmos.json<{ ports: Array<{ port: number; name: string }> }>(['switch', 'ports']);
    const nic = ports.ports.find((p) => p.name === h2.outer)?.port;
    const table = await cosmos.json<{ entries: Array<{ mac: string; port: number; static: boolean }> }>([
      'switch',
      'table',
      sw1,
    ]);
    expect(table.entries.find((e) => e.mac === h2.mac)).toEqual({ mac: h2.mac, port: nic, static: true });
    expect(await ping(h1, h2, 3)).toBe(3);
  });

  it('a changed parameter is one install; --delete removes the instance and the NIC ports', async () => {
    const r = await cosmos.run(['apply', chainFile('burst4.yaml', '{BURST: 4}')]);
    expect(r.stdout).toContain(`~ install    ${wire}: parameters changed: BURST 8 -> 4`);
    expect(await ping(h1, h2, 2)).toBe(2);
    const d = await cosmos.run(['apply', '--delete', 'burst4.yaml']);
    expect(d.stdout).toContain('made 3 changes');
    expect(await ping(h1, h2, 1)).toBe(0);
  });
});
