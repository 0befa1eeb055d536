// /v1/events: the event log as JSON pages and as server-sent events over a real unix socket.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openTestServer, type TestServer } from '../testing/harness.js';

describe('events routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer();
  });
  afterAll(() => t?.close());

  it('lists the events of an instance, after an id', async () => {
    await call(t.app, 'POST', '/v1/instances', { name: 'e1' });
    await call(t.app, 'PUT', '/v1/instances/e1/config', { text: 'Idle -> Discard;' });
    const r = await call(t.app, 'GET', '/v1/events?instance=e1');
    expect(r.json.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'installed']);
    const after = await call(t.app, 'GET', `/v1/events?instance=e1&after=${r.json.events[0].id}`);
    expect(after.json.events.map((e: { kind: string }) => e.kind)).toEqual(['installed']);
    expect((await call(t.app, 'GET', '/v1/events?after=-1')).status).toBe(400);
  });

  it('streams new events as server-sent events', async () => {
    const socket = join(t.dir, 'api.sock');
    await t.app.listen({ path: socket });
    const received: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ socketPath: socket, path: '/v1/events/stream?instance=e2' }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            if (event) received.push(event);
            if (received.length === 2) {
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', (err) => (received.length === 2 ? resolve() : reject(err)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    await call(t.app, 'POST', '/v1/instances', { name: 'e2' });
    await call(t.app, 'DELETE', '/v1/instances/e2');
    await done;
    expect(received).toEqual(['created', 'destroyed']);
  });
});
