// PUT/GET /v1/instances/:name/config: install into a stopped instance (stored), into a running
// one (hot-swap: a Counter keeps its count), and bad configurations (422 with file:line:col).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, type TestServer } from '../testing/harness.js';

const FIVE = 'InfiniteSource(LIMIT 5, STOP false) -> c :: Counter -> Discard;';
// Same element c (same class): a hot-swap keeps its count; nothing new flows in.
const IDLE = 'Idle -> c :: Counter -> Discard;';

describe('configs routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
    await call(t.app, 'POST', '/v1/instances', { name: 'c1' });
  });
  afterAll(() => t?.close());

  it('stores a configuration for a stopped instance and reads it back with its versions', async () => {
    const r = await call(t.app, 'PUT', '/v1/instances/c1/config', { text: FIVE });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ name: 'c1', version: 1, mode: 'stored' });
    const got = await call(t.app, 'GET', '/v1/instances/c1/config');
    expect(got.json.config).toMatchObject({ version: 1, text: FIVE, definitions: {} });
    expect(got.json.versions).toHaveLength(1);
  });

  it('answers 422 with every error at its file:line:col, and keeps the current version', async () => {
    const r = await call(t.app, 'PUT', '/v1/instances/c1/config', {
      text: 'x :: Counter;\ny :: NoSuchClass;\n',
      filename: 'mine.click',
    });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/^mine\.click:2:\d+: unknown element class 'NoSuchClass'/);
    expect(r.json.diagnostics.length).toBeGreaterThan(0);
    expect((await call(t.app, 'GET', '/v1/instances/c1/config')).json.config.version).toBe(1);
  });

  it('answers 400 for a body without text, or with bad definitions', async () => {
    expect((await call(t.app, 'PUT', '/v1/instances/c1/config', { definitions: {} })).status).toBe(400);
    const r = await call(t.app, 'PUT', '/v1/instances/c1/config', { text: FIVE, definitions: { '1x': 'v' } });
    expect(r.status).toBe(400);
    expect(r.json.detail).toContain('definitions');
  });

  it.skipIf(!instanceBinary)('hot-swaps into a running instance, keeping element state', async () => {
    expect((await call(t.app, 'POST', '/v1/instances/c1/start', {})).json.status).toBe('running');
    // Wait for the five packets to be counted.
    let count = '';
    for (let i = 0; i < 100 && count !== '5'; i++) {
      count = (await call(t.app, 'GET', '/v1/instances/c1/handlers/c.count')).json.value.trim();
      if (count !== '5') await new Promise((r) => setTimeout(r, 20));
    }
    expect(count).toBe('5');
    const r = await call(t.app, 'PUT', '/v1/instances/c1/config', { text: IDLE });
    expect(r.json).toEqual({ name: 'c1', version: 2, mode: 'hot-swap' });
    expect((await call(t.app, 'GET', '/v1/instances/c1/handlers/c.count')).json.value.trim()).toBe('5');
    expect((await call(t.app, 'GET', '/v1/instances/c1/handlers/config')).json.value).toContain('Idle');
  });
});
