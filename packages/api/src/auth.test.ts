// The TCP listener: every request needs the bearer token (401 otherwise, with {error, detail}).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTcpAddress } from './daemon/listen.js';
import { openTestServer, type TestServer } from './testing/harness.js';

const TOKEN = 'a-test-token-0123456789';

describe('bearer token over TCP', () => {
  let t: TestServer;
  let base: string;
  beforeAll(async () => {
    t = await openTestServer({ token: TOKEN });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => t?.close());

  it('answers 401 without a token, with a wrong one, with a malformed header', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: TOKEN },
    ]) {
      const r = await fetch(`${base}/v1/instances`, { headers });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: string }).error).toBe('UNAUTHORIZED');
    }
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(401);
  });

  it('answers with the right token', async () => {
    const r = await fetch(`${base}/v1/instances`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ instances: [] });
  });

  it('accepts only loopback addresses for --tcp', () => {
    expect(parseTcpAddress('127.0.0.1:7070')).toEqual({ host: '127.0.0.1', port: 7070 });
    expect(parseTcpAddress('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseTcpAddress('0.0.0.0:7070')).toThrow(/loopback/);
    expect(() => parseTcpAddress('10.1.2.3:7070')).toThrow(/loopback/);
    expect(() => parseTcpAddress('127.0.0.1')).toThrow(/HOST:PORT/);
    expect(() => parseTcpAddress('127.0.0.1:99999')).toThrow(/HOST:PORT/);
  });
});
