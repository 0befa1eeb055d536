// Chain documents with plugin instances, suspended instances, TAP ports and static entries of
// NIC and TAP ports, applied by a daemon with real instances and a real switch. Expectations
// come from the Wire plugin's manifest (middleboxes/wire/package.json: IN 0, OUT 1, BURST 32
// by default, BURST from 1 to 256) and from docs/chains.md, not from this code's answers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, switchBinary, type TestServer } from '../testing/harness.js';

const wireDir = join(import.meta.dirname, '..', '..', '..', '..', 'middleboxes', 'wire');
const wireText = readFileSync(join(wireDir, 'configs', 'wire.click'), 'utf8');
const tag = (process.pid % 10000).toString(36);
const [swA, swB] = [`${tag}pa`, `${tag}pb`];

interface ChangeJson {
  kind: string;
  instance?: string;
  ifname?: string;
  mac?: string;
  summary: string;
}
const kinds = (changes: ChangeJson[]) => changes.map((c) => `${c.kind} ${c.instance ?? c.mac ?? c.ifname}`);

const withPlugin = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  chain: 'pc',
  source: 'pc.yaml',
  instances: [{ name: `${tag}-p1`, plugin: 'wire', params, ports: [swA, swB], ...extra }],
});

describe.skipIf(!instanceBinary || !switchBinary)('chains with plugins and suspended instances', () => {
  let s: TestServer;
  const p1 = `${tag}-p1`;
  beforeAll(async () => {
    s = await openTestServer({ withSwitch: true });
    const installed = await call(s.app, 'POST', '/v1/plugins', { source: wireDir });
    expect(installed.status).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("creates a plugin instance with the plugin's configuration, parameters and labels", async () => {
    const r = await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 16 }));
    expect(r.status).toBe(200);
    expect(kinds(r.json.changes)).toEqual([`create ${p1}`]);
    const info = (await call(s.app, 'GET', `/v1/instances/${p1}`)).json;
    expect(info.status).toBe('running');
    expect(info.labels).toEqual({
      chain: 'pc',
      'chain.position': '0',
      plugin: 'wire',
      'plugin.version': '0.1.0',
      'plugin.config': 'wire',
    });
    const cfg = (await call(s.app, 'GET', `/v1/instances/${p1}/config`)).json.config;
    expect(cfg.text).toBe(wireText);
    expect(cfg.definitions).toEqual({ IN: '0', OUT: '1', BURST: '16' });
    expect((await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: '16' }))).json.changes).toEqual([]);
  });

  it('a changed parameter is an install; the instance keeps running with the new value', async () => {
    const diff = await call(s.app, 'POST', '/v1/chains/pc/diff', withPlugin({ BURST: 8 }));
    expect(diff.json.changes).toEqual([
      {
        kind: 'install',
        instance: p1,
        summary:
          'parameters changed: BURST 16 -> 8 (installed: hot-swapped where the instance can take it, else restarted)',
      },
    ]);
    expect(kinds((await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 8 }))).json.changes)).toEqual(
      [`install ${p1}`],
    );
    const cfg = (await call(s.app, 'GET', `/v1/instances/${p1}/config`)).json.config;
    expect([cfg.version, cfg.definitions.BURST]).toEqual([2, '8']);
    expect((await call(s.app, 'GET', `/v1/instances/${p1}`)).json.status).toBe('running');
  });

  it('bad parameters and unknown plugins: 422 naming the file, the instance and the parameter; nothing changes', async () => {
    const bad = await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 0, COLOUR: 'red' }));
    expect(bad.status).toBe(422);
    expect(bad.json.detail.split('\n')).toEqual([
      `pc.yaml: instances.0.params.BURST: instance ${p1}: plugin wire/wire: invalid parameter BURST: 0 is below the minimum 1`,
      `pc.yaml: instances.0.params.COLOUR: instance ${p1}: plugin wire/wire: unknown parameter COLOUR (wire/wire takes IN, OUT, BURST)`,
    ]);
    // The path lets the CLI point at the line and column of the file.
    expect(bad.json.diagnostics[0].path).toEqual(['instances', 0, 'params', 'BURST']);
    const unknown = await call(s.app, 'POST', '/v1/chains/pc/diff', {
      ...withPlugin({}),
      instances: [{ name: p1, plugin: 'wirez', ports: [swA, swB] }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail).toBe(
      `pc.yaml: instances.0.plugin: instance ${p1}: no plugin named 'wirez' is installed (installed: wire; cosmos plugin install PATH)`,
    );
    const both = await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({}, { text: 'Idle -> Discard;' }));
    expect(both.status).toBe(400);
    expect(both.json.detail).toContain('give exactly one of text (the configuration) or plugin');
    expect((await call(s.app, 'GET', `/v1/instances/${p1}/config`)).json.config.version).toBe(2);
  });

  it('the plugin cannot be removed while the chain uses it', async () => {
    const r = await call(s.app, 'DELETE', '/v1/plugins/wire');
    expect(r.status).toBe(409);
    expect(r.json.detail).toContain(p1);
  });

  it('a suspended instance is resumed by apply (diff shows it), with the same process', async () => {
    const pid = (await call(s.app, 'GET', `/v1/instances/${p1}/stats`)).json.pid;
    expect((await call(s.app, 'POST', `/v1/instances/${p1}/suspend`, {})).json.status).toBe('suspended');
    const diff = await call(s.app, 'POST', '/v1/chains/pc/diff', withPlugin({ BURST: 8 }));
    expect(diff.json.changes).toEqual([
      { kind: 'resume', instance: p1, summary: 'suspended, wanted running (element state kept)' },
    ]);
    expect(kinds((await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 8 }))).json.changes)).toEqual(
      [`resume ${p1}`],
    );
    const info = (await call(s.app, 'GET', `/v1/instances/${p1}`)).json;
    expect([info.status, info.desired]).toEqual(['running', 'running']);
    expect((await call(s.app, 'GET', `/v1/instances/${p1}/stats`)).json.pid).toBe(pid);
    expect((await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 8 }))).json.changes).toEqual([]);
  });

  it('suspended with a changed parameter: resumed, then installed', async () => {
    await call(s.app, 'POST', `/v1/instances/${p1}/suspend`, {});
    const r = await call(s.app, 'PUT', '/v1/chains/pc', withPlugin({ BURST: 4 }));
    expect(r.status).toBe(200);
    expect(kinds(r.json.changes)).toEqual([`resume ${p1}`, `install ${p1}`]);
    expect((await call(s.app, 'GET', `/v1/instances/${p1}`)).json.status).toBe('running');
    expect((await call(s.app, 'GET', `/v1/instances/${p1}/config`)).json.config.definitions.BURST).toBe('4');
  });
});

const notRoot = process.getuid?.() !== 0 ? 'TAP ports need root (CAP_NET_ADMIN)' : undefined;
if (notRoot) console.log(`skipping the TAP and static entry chain tests: ${notRoot}`);

const linkExists = (ifname: string) => {
  try {
    execFileSync('ip', ['link', 'show', 'dev', ifname], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!instanceBinary || !switchBinary || notRoot !== undefined)(
  'chains with TAP ports and static entries',
  () => {
    let s: TestServer;
    const [tap0, tap1] = [`ct${tag}a`, `ct${tag}b`];
    const M1 = '02:00:00:00:00:a1';
    const M2 = '02:00:00:00:00:a2';
    const doc = (statics: Array<{ mac: string; port: string }>, taps: unknown[] = [tap0, tap1]) => ({
      chain: 'tc',
      switches: [{ name: swA, taps, static: statics }],
      instances: [
        {
          name: `${tag}-t1`,
          text: 'FromNetfront(0) -> ToNetfront(0);',
          ports: [{ switch: swA, mac: '02:00:00:00:00:b1' }],
        },
      ],
    });
    const table = async () =>
      Object.fromEntries(
        (
          (await call(s.app, 'GET', `/v1/switches/${swA}/table`)).json.entries as Array<{
            mac: string;
            port: number;
            static: boolean;
          }>
        )
          .filter((e) => e.static)
          .map((e) => [e.mac, e.port]),
      );
    const portOf = async (name: string) =>
      (
        (await call(s.app, 'GET', `/v1/switches/${swA}/ports`)).json.ports as Array<{
          port: number;
          name: string;
        }>
      ).find((p) => p.name === name)?.port;

    beforeAll(async () => {
      s = await openTestServer({ withSwitch: true });
    });
    afterAll(async () => {
      await s?.close();
    });

    it('creates the TAP interfaces and points static entries at them', async () => {
      const r = await call(s.app, 'PUT', '/v1/chains/tc', doc([{ mac: M1, port: tap0 }]));
      expect(r.status).toBe(200);
      expect(kinds(r.json.changes)).toEqual([
        `tap-attach ${tap0}`,
        `tap-attach ${tap1}`,
        `mac-add ${M1}`,
        `create ${tag}-t1`,
      ]);
      expect([linkExists(tap0), linkExists(tap1)]).toEqual([true, true]);
      const t0 = await portOf(tap0);
      const ring = await portOf(`${tag}-t1:0`);
      expect(await table()).toEqual({ [M1]: t0, '02:00:00:00:00:b1': ring });
      // Kept in the store: the daemon puts them back after a switch restart.
      expect(s.services.manager.interfaces().map((i) => [i.switch, i.kind, i.ifname])).toEqual([
        [swA, 'tap', tap0],
        [swA, 'tap', tap1],
      ]);
      expect(s.services.manager.interfaceEntries()).toEqual([{ switch: swA, mac: M1, ifname: tap0 }]);
      expect(
        (await call(s.app, 'PUT', '/v1/chains/tc', doc([{ mac: M1, port: tap0 }]))).json.changes,
      ).toEqual([]);
    });

    it('an entry moved to another TAP and one removed: the table follows the file', async () => {
      const moved = await call(
        s.app,
        'PUT',
        '/v1/chains/tc',
        doc([
          { mac: M1, port: tap1 },
          { mac: M2, port: tap0 },
        ]),
      );
      expect(kinds(moved.json.changes)).toEqual([`mac-add ${M1}`, `mac-add ${M2}`]);
      const [t0, t1] = [await portOf(tap0), await portOf(tap1)];
      expect(await table()).toMatchObject({ [M1]: t1, [M2]: t0 });
      const removed = await call(s.app, 'PUT', '/v1/chains/tc', doc([{ mac: M2, port: tap0 }]));
      expect(kinds(removed.json.changes)).toEqual([`mac-remove ${M1}`]);
      expect(Object.keys(await table()).sort()).toEqual([M2, '02:00:00:00:00:b1']);
    });

    it('a TAP attached again (busy now) gets its entries back on its new port', async () => {
      const r = await call(
        s.app,
        'PUT',
        '/v1/chains/tc',
        doc([{ mac: M2, port: tap0 }], [{ ifname: tap0, busy: true }, tap1]),
      );
      expect(kinds(r.json.changes)).toEqual([`nic-detach ${tap0}`, `tap-attach ${tap0}`, `mac-add ${M2}`]);
      expect((await table())[M2]).toBe(await portOf(tap0));
    });

    it('bad static entries are refused before anything changes: 400 naming the entry', async () => {
      const unknown = await call(s.app, 'PUT', '/v1/chains/tc', doc([{ mac: M1, port: 'eth77' }]));
      expect(unknown.status).toBe(400);
      expect(unknown.json.detail).toContain('switches.0.static.0.port');
      expect(unknown.json.detail).toContain(
        `unknown port 'eth77': switch ${swA} has no NIC or TAP port of that name`,
      );
      const twice = await call(
        s.app,
        'PUT',
        '/v1/chains/tc',
        doc([{ mac: '02:00:00:00:00:B1', port: tap0 }]),
      );
      expect(twice.status).toBe(400);
      expect(twice.json.detail).toContain(
        `switches.0.static.0.mac: MAC 02:00:00:00:00:B1 is already a static entry of switch ${swA} (port 0 of instance ${tag}-t1)`,
      );
      expect(Object.keys(await table()).sort()).toEqual([M2, '02:00:00:00:00:b1']);
    });

    it('a change that fails stops the run and reports the changes already made', async () => {
      // "lo" exists and is no TAP: the switch cannot create it.
      const r = await call(
        s.app,
        'PUT',
        '/v1/chains/tc',
        doc([{ mac: M2, port: tap0 }], [{ ifname: tap0, busy: true }, tap1, `${tap1}x`, 'lo']),
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.json.detail).toMatch(/^apply stopped at tap-attach lo: switch: tap-attach: /);
      expect(kinds(r.json.applied)).toEqual([`tap-attach ${tap1}x`]);
      expect(kinds([r.json.failed])).toEqual(['tap-attach lo']);
    });

    it('removing the chain detaches its TAP ports: the interfaces go', async () => {
      const r = await call(s.app, 'DELETE', `/v1/chains/tc?switches=${swA}`);
      expect(r.status).toBe(200);
      expect(kinds(r.json.changes).sort()).toEqual(
        [`destroy ${tag}-t1`, `nic-detach ${tap0}`, `nic-detach ${tap1}`, `nic-detach ${tap1}x`].sort(),
      );
      expect([linkExists(tap0), linkExists(tap1), linkExists(`${tap1}x`)]).toEqual([false, false, false]);
      expect([s.services.manager.interfaces(), s.services.manager.interfaceEntries()]).toEqual([[], []]);
    });
  },
);
