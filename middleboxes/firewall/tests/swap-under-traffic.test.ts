// Rule sets replaced under traffic: 20,000 packets replayed at their recorded pace (2 s) while
// the rule set is rewritten 200 times. Every set written allows UDP to port 1000 and 2000 and
// denies port 3000 (in different orders and forms), so a packet that saw any whole set, old or
// new, gives the same verdict: all 1000/2000 packets pass, no 3000 packet does. A packet that
// saw a half-built set, or that was lost during a swap, would break the count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePlugin, writePcap, runWithWrites, eth, udp } from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-firewall-swap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SETS = [
  'allow udp dst port 1000, allow udp dst port 2000, deny all',
  'allow udp dst port 2000, deny udp dst port 3000, allow udp dst port 1000',
  'deny udp dst port 3000, allow udp dst port 1000 or 2000',
  'allow udp && (dst port 1000 or dst port 2000), drop all',
];

describe.skipIf(!haveRunner())('firewall rule sets replaced under traffic', () => {
  const plugin = preparePlugin(join(import.meta.dirname, '..'), join(dir, 'work'));

  it('drops nothing it should pass and passes nothing it should drop', async () => {
    const ports = [1000, 2000, 3000];
    const frames = Array.from({ length: 20_000 }, (_, i) => ({
      data: eth(
        '02:00:00:00:00:0b',
        '02:00:00:00:00:0a',
        0x0800,
        udp({ src: '10.0.0.2', dst: '10.0.1.2', id: i & 0xffff }, 5000, ports[i % 3] as number, 18),
      ),
      timeMicros: 1_000_000 + i * 100,
    }));
    writePcap(join(dir, 'in.pcap'), frames);
    const during: Array<[string, string]> = Array.from({ length: 200 }, (_, i) => [
      'filter.config',
      SETS[i % SETS.length] as string,
    ]);
    const r = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'in.pcap') },
      dir: join(dir, 'run'),
      timing: true,
      writes: [['filter.config', SETS[0] as string]],
      during,
    });
    expect(r.writeErrors.every((e) => e === undefined)).toBe(true);
    const passed = r.outputs[1] as Buffer[];
    const dports = passed.map((f) => f.readUInt16BE(36));
    expect(dports.filter((p) => p === 3000)).toEqual([]);
    expect(passed.length).toBe(frames.filter((_, i) => i % 3 !== 2).length);
    // In order, each exactly once.
    expect(passed.map((f) => f.readUInt16BE(18))).toEqual(
      frames
        .map((_, i) => i)
        .filter((i) => i % 3 !== 2)
        .map((i) => i & 0xffff),
    );
  });
});
