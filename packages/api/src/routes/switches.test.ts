// /v1/switches with a real clickos-switch the daemon starts: an instance's ring port shows up
// under its name with counters, the static MAC table, capture to a pcap file, and errors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, switchBinary, type TestServer } from '../testing/harness.js';

describe('switch routes without a switch', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer({ withSwitch: false });
  });
  afterAll(() => t?.close());

  it('answers 502 saying there is no switch', async () => {
    const r = await call(t.app, 'GET', '/v1/switches');
    expect(r.status).toBe(502);
    expect(r.json.error).toBe('BACKEND');
    expect(r.json.detail).toContain('no switch');
  });
});

describe.skipIf(!switchBinary || !instanceBinary)('switch routes', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await openTestServer({ withSwitch: true });
    const created = await call(t.app, 'POST', '/v1/instances', {
      name: 'sw1',
      ports: [{ switch: 'vale0', mac: '02:00:00:00:00:11' }],
      config: 'FromNetfront(0) -> c :: Counter -> ToNetfront(0);',
    });
    expect(created.status).toBe(201);
    expect((await call(t.app, 'POST', '/v1/instances/sw1/start', {})).json.status).toBe('running');
  });
  afterAll(() => t?.close());

  it("lists the instance's ring port, named INSTANCE:DEVID, with zero counters", async () => {
    const r = await call(t.app, 'GET', '/v1/switches/vale0/ports');
    expect(r.status).toBe(200);
    const p = r.json.ports.find((x: { name: string }) => x.name === 'sw1:0');
    expect(p).toMatchObject({ switch: 'vale0', kind: 'ring', rx_packets: 0, tx_packets: 0, tx_drops: 0 });
    port = p.port;
    const all = await call(t.app, 'GET', '/v1/switches');
    expect(all.json.switches.map((s: { name: string }) => s.name)).toContain('vale0');
  });

  it('shows, adds and removes static MAC entries', async () => {
    const before = await call(t.app, 'GET', '/v1/switches/vale0/table');
    // The port was created with a MAC: a static entry for it.
    expect(JSON.stringify(before.json.entries)).toContain('02:00:00:00:00:11');
    const add = await call(t.app, 'POST', '/v1/switches/vale0/table', { mac: '02:00:00:00:00:99', port });
    expect(add.status).toBe(201);
    expect(JSON.stringify((await call(t.app, 'GET', '/v1/switches/vale0/table')).json.entries)).toContain(
      '02:00:00:00:00:99',
    );
    expect((await call(t.app, 'DELETE', '/v1/switches/vale0/table/02:00:00:00:00:99')).status).toBe(204);
    expect(JSON.stringify((await call(t.app, 'GET', '/v1/switches/vale0/table')).json.entries)).not.toContain(
      '02:00:00:00:00:99',
    );
    expect((await call(t.app, 'POST', '/v1/switches/vale0/table', { mac: 'zz', port })).status).toBe(400);
  });

  it('captures a port to a pcap file and stops', async () => {
    const file = join(t.dir, 'cap.pcap');
    const r = await call(t.app, 'POST', `/v1/switches/ports/${port}/capture`, { file });
    expect(r.status).toBe(200);
    expect(existsSync(file)).toBe(true);
    // A pcap file starts with the magic number 0xa1b2c3d4 (either byte order).
    const magic = readFileSync(file).subarray(0, 4).toString('hex');
    expect(['d4c3b2a1', 'a1b2c3d4']).toContain(magic);
    expect((await call(t.app, 'DELETE', `/v1/switches/ports/${port}/capture`)).status).toBe(200);
    expect(
      (await call(t.app, 'POST', `/v1/switches/ports/${port}/capture`, { file: 'rel.pcap' })).status,
    ).toBe(400);
  });

  const root = process.getuid?.() === 0;
  if (!root) console.log('switch routes: TAP attach skipped: it needs root');
  it.skipIf(!root)('attaches a TAP interface the switch creates, and detaches it', async () => {
    const ifname = `cosT${process.pid % 100000}`;
    const r = await call(t.app, 'POST', '/v1/switches/vale0/ports', { kind: 'tap', ifname });
    expect(r.status).toBe(201);
    expect(existsSync(`/sys/class/net/${ifname}`)).toBe(true);
    const listed = (await call(t.app, 'GET', '/v1/switches/vale0/ports')).json.ports;
    expect(listed.find((p: { port: number }) => p.port === r.json.port)).toMatchObject({ kind: 'tap' });
    // Kept in the store (attached again after a switch restart) until it is detached.
    expect(t.services.manager.interfaces()).toMatchObject([
      { switch: 'vale0', kind: 'tap', ifname, port: r.json.port },
    ]);
    expect((await call(t.app, 'DELETE', `/v1/switches/ports/${r.json.port}`)).status).toBe(204);
    expect(t.services.manager.interfaces()).toEqual([]);
    // The kernel unregisters the interface once the switch closed it (not always at once).
    for (let i = 0; i < 100 && existsSync(`/sys/class/net/${ifname}`); i++)
      await new Promise((w) => setTimeout(w, 20));
    expect(existsSync(`/sys/class/net/${ifname}`)).toBe(false);
    // Modes are for NIC ports.
    expect(
      (await call(t.app, 'POST', '/v1/switches/vale0/ports', { kind: 'tap', ifname, mode: 'xdp' })).status,
    ).toBe(400);
  });

  it('answers 404 for unknown ports, 400 for bad attach bodies', async () => {
    expect((await call(t.app, 'DELETE', '/v1/switches/ports/4000')).status).toBe(404);
    const bad = await call(t.app, 'POST', '/v1/switches/vale0/ports', {
      kind: 'nic',
      ifname: 'way-too-long-interface-name',
    });
    expect(bad.status).toBe(400);
    expect(
      (await call(t.app, 'POST', '/v1/switches/vale0/ports', { kind: 'wifi', ifname: 'x' })).status,
    ).toBe(400);
  });
});
