// /metrics: Prometheus text with instance counts by status, per-instance figures, boot times,
// and per-port counters when a switch runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, instanceBinary, openTestServer, switchBinary, type TestServer } from '../testing/harness.js';

/** The value of one sample line `name{labels} value`. */
function sample(text: string, line: RegExp): number | undefined {
  for (const l of text.split('\n')) {
    const m = l.match(line);
    if (m) return Number(l.slice(l.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics route', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await openTestServer({ withSwitch: true });
  });
  afterAll(() => t?.close());

  it('counts instances by status', async () => {
    await call(t.app, 'POST', '/v1/instances', { name: 'm0' });
    const r = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(sample(r.body, /^clickos_instances\{status="stopped"\} /)).toBe(1);
    expect(sample(r.body, /^clickos_instances\{status="running"\} /)).toBe(0);
  });

  it.skipIf(!instanceBinary || !switchBinary)(
    'has boot times, per-instance and per-port figures',
    async () => {
      await call(t.app, 'POST', '/v1/instances', {
        name: 'm1',
        ports: [{ switch: 'vale0' }],
        config: 'FromNetfront(0) -> ToNetfront(0);',
      });
      await call(t.app, 'POST', '/v1/instances/m1/start', {});
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(sample(text, /^clickos_instances\{status="running"\} /)).toBe(1);
      expect(sample(text, /^clickos_instance_boot_seconds_count /)).toBe(1);
      expect(sample(text, /^clickos_instance_last_boot_seconds\{instance="m1"\} /)).toBeGreaterThan(0);
      expect(sample(text, /^clickos_instance_uptime_seconds\{instance="m1"\} /)).toBeGreaterThanOrEqual(0);
      expect(sample(text, /^clickos_instance_memory_pss_bytes\{instance="m1"\} /)).toBeGreaterThan(0);
      expect(sample(text, /^clickos_switch_up /)).toBe(1);
      expect(sample(text, /^clickos_port_rx_packets\{[^}]*name="m1:0"[^}]*instance="m1"\} /)).toBe(0);
      expect(sample(text, /^clickos_port_drops\{[^}]*instance="m1"\} /)).toBe(0);
      // One 'started' event from the supervisor for the one boot.
      expect(sample(text, /^clickos_instance_events_total\{kind="started"\} /)).toBe(1);
    },
  );
});
