// The chain routes with real instances (no ports, so no switch): apply creates and starts,
// a second apply changes nothing, a changed configuration is one install, a bad one is a 422
// with file:line:col and changes nothing, malformed bodies are 400s naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, type TestServer } from '../testing/harness.js';

const idle = 'Idle -> c :: Counter -> Discard;\n';
const doc = (text: string, extra: Record<string, unknown> = {}) => ({
  chain: 'c1',
  instances: [
    { name: 'a1', text: idle, filename: 'a1.click' },
    { name: 'a2', text, filename: 'a2.click', ...extra },
  ],
});

describe.skipIf(!instanceBinary)('PUT/POST/DELETE /v1/chains', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('diff from nothing, apply, apply again', async () => {
    const diff = await call(s.app, 'POST', '/v1/chains/c1/diff', doc(idle));
    expect(diff.status).toBe(200);
    expect(
      diff.json.changes.map((c: { kind: string; instance: string }) => `${c.kind} ${c.instance}`),
    ).toEqual(['create a1', 'create a2']);
    const applied = await call(s.app, 'PUT', '/v1/chains/c1', doc(idle));
    expect(applied.status).toBe(200);
    expect(applied.json.changes).toHaveLength(2);
    const listed = await call(s.app, 'GET', '/v1/chains/c1');
    expect(listed.json.instances.map((i: { name: string; status: string }) => [i.name, i.status])).toEqual([
      ['a1', 'running'],
      ['a2', 'running'],
    ]);
    expect((await call(s.app, 'PUT', '/v1/chains/c1', doc(idle))).json.changes).toEqual([]);
  });

  it('one changed configuration: one install (hot-swap), stopped on request', async () => {
    const changed = `${idle}// another version\n`;
    const r = await call(s.app, 'PUT', '/v1/chains/c1', doc(changed));
    expect(r.json.changes.map((c: { kind: string }) => c.kind)).toEqual(['install']);
    expect((await call(s.app, 'GET', '/v1/instances/a2/config')).json.config.version).toBe(2);
    const stopped = await call(s.app, 'PUT', '/v1/chains/c1', doc(changed, { state: 'stopped' }));
    expect(stopped.json.changes.map((c: { kind: string }) => c.kind)).toEqual(['stop']);
    expect((await call(s.app, 'GET', '/v1/instances/a2')).json.status).toBe('stopped');
  });

  it('a configuration that does not check: 422 with its location, nothing changes', async () => {
    const r = await call(s.app, 'PUT', '/v1/chains/c1', doc('Idle -> Countr -> Discard;\n'));
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('CONFIG');
    expect(r.json.detail).toBe("a2.click:1:9: unknown element class 'Countr'");
    expect((await call(s.app, 'GET', '/v1/instances/a2/config')).json.config.version).toBe(2);
  });

  it('malformed bodies and names: 400 naming the field', async () => {
    const broken = await call(s.app, 'PUT', '/v1/chains/c1', '{"chain":');
    expect(broken.status).toBe(400);
    const field = await call(s.app, 'PUT', '/v1/chains/c1', {
      chain: 'c1',
      instances: [{ name: 'x', text: 1 }],
    });
    expect(field.status).toBe(400);
    expect(field.json.detail).toContain('body.instances.0.text');
    const extra = await call(s.app, 'POST', '/v1/chains/c1/diff', { chain: 'c1', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.json.detail).toContain('colour');
    const other = await call(s.app, 'PUT', '/v1/chains/c2', doc(idle));
    expect(other.status).toBe(400);
    expect(other.json.detail).toBe("the document is chain 'c1', the path names 'c2'");
  });

  it('another chain cannot take an instance over (409); DELETE removes the chain', async () => {
    const r = await call(s.app, 'PUT', '/v1/chains/c2', {
      chain: 'c2',
      instances: [{ name: 'a1', text: idle }],
    });
    expect(r.status).toBe(409);
    expect(r.json.detail).toContain("belongs to chain 'c1'");
    const d = await call(s.app, 'DELETE', '/v1/chains/c1');
    expect(d.json.changes.map((c: { kind: string }) => c.kind)).toEqual(['destroy', 'destroy']);
    expect((await call(s.app, 'GET', '/v1/instances')).json.instances).toEqual([]);
  });
});
