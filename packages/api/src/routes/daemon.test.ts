// /v1/daemon, /v1/backup, /v1/restore, the OpenAPI document and UI, and chains (plugins: plugins.test.ts).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openTestServer, type TestServer } from '../testing/harness.js';

describe('daemon, backup, OpenAPI, chains', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
  });
  afterAll(() => t?.close());

  it('says who it is', async () => {
    const r = await call(t.app, 'GET', '/v1/daemon');
    expect(r.json).toMatchObject({ pid: process.pid, stateDir: t.dir, instances: 0 });
  });

  it('serves the OpenAPI document with every route group, and its UI', async () => {
    const doc = (await call(t.app, 'GET', '/openapi.json')).json;
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/instances',
      '/v1/instances/{name}/config',
      '/v1/instances/{name}/handlers/{handler}',
      '/v1/switches/{switch}/ports',
      '/v1/plugins',
      '/v1/chains',
      '/v1/events/stream',
      '/metrics',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    // The create body is documented from the zod schema, with its fields.
    const create = doc.paths['/v1/instances'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['name', 'ports', 'labels']));
    // Error answers are documented on every route.
    const errors = doc.paths['/v1/instances/{name}'].get.responses['4XX'].content['application/json'].schema;
    expect(errors.required).toEqual(expect.arrayContaining(['error', 'detail']));
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('backs up and restores the store', async () => {
    await call(t.app, 'POST', '/v1/instances', {
      name: 'kept',
      labels: { chain: 'c1', 'chain.position': '2' },
    });
    const file = join(t.dir, 'backup.db');
    expect((await call(t.app, 'POST', '/v1/backup', { file })).status).toBe(200);
    await call(t.app, 'POST', '/v1/instances', { name: 'later' });
    const r = await call(t.app, 'POST', '/v1/restore', { file });
    expect(r.status).toBe(200);
    expect(r.json.instances.map((i: { name: string }) => i.name)).toEqual(['kept']);
    expect((await call(t.app, 'POST', '/v1/backup', { file: 'relative.db' })).status).toBe(400);
    expect((await call(t.app, 'POST', '/v1/restore', { file: join(t.dir, 'none.db') })).status).toBe(404);
  });

  it('groups instances into chains by label, in position order', async () => {
    await call(t.app, 'POST', '/v1/instances', {
      name: 'first',
      labels: { chain: 'c1', 'chain.position': '1' },
    });
    const r = await call(t.app, 'GET', '/v1/chains/c1');
    expect(r.json.instances.map((i: { name: string }) => i.name)).toEqual(['first', 'kept']);
    expect((await call(t.app, 'GET', '/v1/chains')).json.chains.map((c: { name: string }) => c.name)).toEqual(
      ['c1'],
    );
    expect((await call(t.app, 'GET', '/v1/chains/none')).status).toBe(404);
  });
});
