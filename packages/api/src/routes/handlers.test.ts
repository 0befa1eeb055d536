// GET/PUT /v1/instances/:name/handlers/:handler on a real instance: reads, writes, handler errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, type TestServer } from '../testing/harness.js';

// Nothing flows: c.count stays 0 until reset or traffic; Counter's reset handler sets it to 0.
const CONFIG = 'Idle -> c :: Counter -> q :: Queue(10) -> Discard;';

describe.skipIf(!instanceBinary)('handlers routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
    await call(t.app, 'POST', '/v1/instances', { name: 'h1', config: CONFIG });
    await call(t.app, 'POST', '/v1/instances', { name: 'h2', config: CONFIG });
    await call(t.app, 'POST', '/v1/instances/h1/start', {});
  });
  afterAll(() => t?.close());

  it('reads element and global handlers', async () => {
    expect((await call(t.app, 'GET', '/v1/instances/h1/handlers/c.count')).json).toEqual({
      name: 'h1',
      handler: 'c.count',
      value: '0\n',
    });
    // Queue(10): its capacity handler says 10.
    expect((await call(t.app, 'GET', '/v1/instances/h1/handlers/q.capacity')).json.value.trim()).toBe('10');
    expect((await call(t.app, 'GET', '/v1/instances/h1/handlers/config')).json.value).toContain('Counter');
  });

  it('writes handlers', async () => {
    const r = await call(t.app, 'PUT', '/v1/instances/h1/handlers/q.capacity', { value: '20' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ name: 'h1', handler: 'q.capacity', warnings: [] });
    expect((await call(t.app, 'GET', '/v1/instances/h1/handlers/q.capacity')).json.value.trim()).toBe('20');
    expect((await call(t.app, 'PUT', '/v1/instances/h1/handlers/c.reset', {})).status).toBe(200);
  });

  it('answers 404 for unknown elements or handlers, 400 with the handler status for refused values', async () => {
    const noElement = await call(t.app, 'GET', '/v1/instances/h1/handlers/zz.count');
    expect(noElement.status).toBe(404);
    expect(noElement.json.error).toBe('NOT_FOUND');
    expect(noElement.json.detail).toContain('zz');
    const noHandler = await call(t.app, 'GET', '/v1/instances/h1/handlers/c.nothing');
    expect(noHandler.status).toBe(404);
    const refused = await call(t.app, 'PUT', '/v1/instances/h1/handlers/q.capacity', { value: 'many' });
    expect(refused.status).toBe(400);
    expect(refused.json.status).toBe(520);
  });

  it('answers 400 for a malformed handler name or value, 409 for a stopped instance, 404 for none', async () => {
    expect((await call(t.app, 'GET', '/v1/instances/h1/handlers/c.a%20b')).status).toBe(400);
    expect((await call(t.app, 'PUT', '/v1/instances/h1/handlers/c.reset', { value: 3 })).status).toBe(400);
    expect((await call(t.app, 'GET', '/v1/instances/h2/handlers/c.count')).status).toBe(409);
    expect((await call(t.app, 'GET', '/v1/instances/h9/handlers/c.count')).status).toBe(404);
  });
});
