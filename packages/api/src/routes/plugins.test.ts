// /v1/plugins through fastify's inject: install from a directory (the repository's wire
// plugin), conflicts and bad sources, and removal refused while a real instance created from
// the plugin runs, then with ?drain=true (the instance is stopped, and stays).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, type TestServer } from '../testing/harness.js';

const wire = join(import.meta.dirname, '..', '..', '..', '..', 'middleboxes', 'wire');

describe('plugins routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
  });
  afterAll(() => t?.close());

  it('installs a plugin, lists it, refuses it twice, and names bad sources', async () => {
    const r = await call(t.app, 'POST', '/v1/plugins', { source: wire });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: 'wire', version: '0.1.0', instances: [] });
    expect(r.json.path).toBe(join(t.dir, 'plugins', 'wire@0.1.0'));
    expect(
      (await call(t.app, 'GET', '/v1/plugins')).json.plugins.map((p: { name: string }) => p.name),
    ).toEqual(['wire']);
    const again = await call(t.app, 'POST', '/v1/plugins', { source: wire });
    expect(again.status).toBe(409);
    expect(again.json.detail).toBe("plugin 'wire' 0.1.0 is already installed: upgrade it instead");
    const missing = await call(t.app, 'POST', '/v1/plugins', { source: join(t.dir, 'nothing-here') });
    expect(missing.status).toBe(404);
    expect((await call(t.app, 'POST', '/v1/plugins', {})).status).toBe(400);
    expect((await call(t.app, 'GET', '/v1/plugins/nat')).status).toBe(404);
  });

  it('upgrades only the plugin named in the path', async () => {
    const next = join(t.dir, 'wire-next');
    cpSync(wire, next, { recursive: true, filter: (s) => !s.includes('node_modules') });
    const pkg = JSON.parse(readFileSync(join(next, 'package.json'), 'utf8'));
    pkg.version = '0.2.0';
    writeFileSync(join(next, 'package.json'), JSON.stringify(pkg));
    expect((await call(t.app, 'POST', '/v1/plugins/ethermirror/upgrade', { source: next })).status).toBe(404);
    const mirror = join(wire, '..', 'ethermirror');
    expect((await call(t.app, 'POST', '/v1/plugins', { source: mirror })).status).toBe(201);
    const wrong = await call(t.app, 'POST', '/v1/plugins/ethermirror/upgrade', { source: next });
    expect(wrong.status).toBe(400);
    expect(wrong.json.detail).toBe(`${next} is plugin 'wire', not 'ethermirror'`);
    const r = await call(t.app, 'POST', '/v1/plugins/wire/upgrade', { source: next });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: 'wire', version: '0.2.0', previousVersion: '0.1.0' });
  });

  it.skipIf(!instanceBinary)(
    'refuses to remove a plugin a running instance uses, unless drained',
    async () => {
      // An instance labelled as created from the plugin (its configuration needs no switch port).
      const created = await call(t.app, 'POST', '/v1/instances', {
        name: 'w1',
        labels: { plugin: 'wire' },
        config: 'Idle -> Discard;',
      });
      expect(created.status).toBe(201);
      expect((await call(t.app, 'POST', '/v1/instances/w1/start', {})).json.status).toBe('running');
      const refused = await call(t.app, 'DELETE', '/v1/plugins/wire');
      expect(refused.status).toBe(409);
      expect(refused.json.detail).toBe(
        "cannot remove plugin 'wire': instances use it (w1); stop them first or drain them",
      );
      expect((await call(t.app, 'GET', '/v1/plugins/wire')).json.instances).toEqual(['w1']);
      const drained = await call(t.app, 'DELETE', '/v1/plugins/wire?drain=true');
      expect(drained.status).toBe(200);
      expect(drained.json).toEqual({ removed: 'wire', drained: ['w1'] });
      expect((await call(t.app, 'GET', '/v1/instances/w1')).json.status).toBe('stopped');
      expect(
        (await call(t.app, 'GET', '/v1/plugins')).json.plugins.map((p: { name: string }) => p.name),
      ).toEqual(['ethermirror']);
    },
  );
});
