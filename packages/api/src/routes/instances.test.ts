// /v1/instances through fastify's inject: the life cycle of a real instance, and every kind of
// bad request (malformed JSON, invalid fields, unknown instances, conflicts, oversize bodies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, type TestServer } from '../testing/harness.js';

// Five packets counted, then nothing: c.count is 5 (Counter counts every packet it passes).
const FIVE = 'InfiniteSource(LIMIT 5, STOP false) -> c :: Counter -> Discard;';

describe('instances routes: bad requests', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer({ bodyLimit: 4096 });
  });
  afterAll(() => t?.close());

  it('answers 400 {error, detail} for malformed JSON', async () => {
    const r = await call(t.app, 'POST', '/v1/instances', '{"name": ');
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('USAGE');
    expect(typeof r.json.detail).toBe('string');
  });

  it('answers 400 naming each invalid field', async () => {
    const r = await call(t.app, 'POST', '/v1/instances', {
      name: '-x',
      ports: [{ switch: 'vale0', slots: 100 }],
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('USAGE');
    expect(r.json.detail).toContain('body.name');
    expect(r.json.detail).toContain('body.ports.0.slots');
  });

  it('answers 400 for a body that is not an object, and for a missing body', async () => {
    expect((await call(t.app, 'POST', '/v1/instances', '[1,2]')).status).toBe(400);
    expect((await call(t.app, 'POST', '/v1/instances')).status).toBe(400);
  });

  it('answers 400 for an invalid name in the path', async () => {
    const r = await call(t.app, 'GET', '/v1/instances/bad%20name');
    expect(r.status).toBe(400);
    expect(r.json.detail).toContain('path');
  });

  it('answers 404 for unknown instances, on every operation', async () => {
    for (const [method, url] of [
      ['GET', '/v1/instances/nope'],
      ['DELETE', '/v1/instances/nope'],
      ['POST', '/v1/instances/nope/start'],
      ['POST', '/v1/instances/nope/stop'],
      ['POST', '/v1/instances/nope/suspend'],
      ['GET', '/v1/instances/nope/stats'],
      ['GET', '/v1/instances/nope/logs'],
    ] as const) {
      const r = await call(t.app, method, url, method === 'POST' ? {} : undefined);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.json).toEqual({ error: 'NOT_FOUND', detail: "no instance named 'nope'" });
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const r = await call(t.app, 'POST', '/v1/instances', { name: 'big', config: 'x'.repeat(5000) });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('TOO_LARGE');
  });

  it('answers 409 for a second instance of the same name, 409 to start one without configuration', async () => {
    expect((await call(t.app, 'POST', '/v1/instances', { name: 'twice' })).status).toBe(201);
    const again = await call(t.app, 'POST', '/v1/instances', { name: 'twice' });
    expect(again.status).toBe(409);
    expect(again.json.error).toBe('CONFLICT');
    const start = await call(t.app, 'POST', '/v1/instances/twice/start', {});
    expect(start.status).toBe(409);
    expect(start.json.detail).toContain('no configuration');
    expect((await call(t.app, 'DELETE', '/v1/instances/twice')).status).toBe(204);
  });

  it('answers 422 with located diagnostics for a bad configuration at create', async () => {
    const r = await call(t.app, 'POST', '/v1/instances', { name: 'bad', config: 'a :: Idle;\na :: Idle;\n' });
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('CONFIG');
    expect(r.json.detail).toMatch(/^bad\.click:2:1: /);
    expect(r.json.diagnostics[0]).toMatchObject({ severity: 'error' });
    expect((await call(t.app, 'GET', '/v1/instances/bad')).status).toBe(404);
  });

  it('answers 404 {error, detail} for unknown routes', async () => {
    const r = await call(t.app, 'GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('NOT_FOUND');
  });
});

describe.skipIf(!instanceBinary)('instances routes: life cycle', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
  });
  afterAll(() => t?.close());

  it('creates, starts with a configuration, suspends, resumes, stops and destroys', async () => {
    const created = await call(t.app, 'POST', '/v1/instances', { name: 'w1', labels: { role: 'test' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'w1',
      status: 'stopped',
      desired: 'stopped',
      labels: { role: 'test' },
    });

    const started = await call(t.app, 'POST', '/v1/instances/w1/start', {
      text: FIVE,
      filename: 'five.click',
    });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({
      name: 'w1',
      status: 'running',
      configVersion: 1,
      installed: { mode: 'stored' },
    });

    const list = await call(t.app, 'GET', '/v1/instances');
    expect(list.json.instances.map((i: { name: string }) => i.name)).toEqual(['w1']);

    const stats = await call(t.app, 'GET', '/v1/instances/w1/stats');
    expect(stats.status).toBe(200);
    expect(stats.json.state).toBe('running');
    expect(stats.json.pid).toBeGreaterThan(0);

    expect((await call(t.app, 'POST', '/v1/instances/w1/suspend')).json.status).toBe('suspended');
    expect((await call(t.app, 'POST', '/v1/instances/w1/resume')).json.status).toBe('running');
    expect((await call(t.app, 'POST', '/v1/instances/w1/stop')).json.status).toBe('stopped');
    // Suspending what does not run is a conflict.
    expect((await call(t.app, 'POST', '/v1/instances/w1/suspend')).status).toBe(409);

    const logs = await call(t.app, 'GET', '/v1/instances/w1/logs?lines=5');
    expect(logs.status).toBe(200);
    expect(Array.isArray(logs.json.lines)).toBe(true);
    expect((await call(t.app, 'GET', '/v1/instances/w1/logs?lines=0')).status).toBe(400);

    expect((await call(t.app, 'DELETE', '/v1/instances/w1')).status).toBe(204);
    expect((await call(t.app, 'GET', '/v1/instances/w1')).status).toBe(404);
  });
});
