// Routes changed under traffic: 20,000 packets from A to B replayed at their recorded pace
// (2 s) while 300 handler writes add, replace and remove routes. Every change keeps a route to
// B through interface 1 (a more specific route to the same place comes and goes, the /24 is
// set again, unrelated routes are added and removed in bulk), so every packet must reach B,
// once and in order; a lookup that saw a half-updated table or a packet lost during a write
// would break the count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePlugin, writePcap, runWithWrites, arp, eth, ipOf, udp } from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-router-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = { mac: '02:00:00:00:00:0a', ip: '10.0.0.2' };
const B = { mac: '02:00:00:00:00:0b', ip: '10.0.1.2' };

describe.skipIf(!haveRunner())('router routes changed under traffic', () => {
  const plugin = preparePlugin(join(import.meta.dirname, '..'), join(dir, 'work'));

  it('loses no packet while routes are added, set and removed', async () => {
    const n = 20_000;
    const frames = Array.from({ length: n }, (_, i) => ({
      data: eth(
        '02:00:00:00:01:00',
        A.mac,
        0x0800,
        udp({ src: A.ip, dst: B.ip, id: i & 0xffff }, 4000, 5000, 18),
      ),
      timeMicros: 1_000_000 + i * 100,
    }));
    writePcap(join(dir, 'a.pcap'), frames);
    writePcap(join(dir, 'b.pcap'), [
      { data: arp(2, B.mac, B.ip, '02:00:00:00:01:01', '10.0.1.1'), timeMicros: 999_000 },
    ]);
    const bulk = (op: string) =>
      Array.from(
        { length: 100 },
        (_, i) => `${op} 172.${16 + (i >> 8)}.${i & 255}.0/24${op === 'remove' ? '' : ' 10.0.1.254 2'}`,
      ).join('\n');
    const during: Array<[string, string]> = [];
    for (let i = 0; i < 50; i++) {
      during.push(['rt.add', '10.0.1.0/25 2']);
      during.push(['rt.ctrl', bulk('add')]);
      during.push(['rt.set', '10.0.1.0/24 2']);
      during.push(['rt.remove', '10.0.1.0/25']);
      during.push(['rt.ctrl', bulk('remove')]);
      during.push(['rt.set', '10.0.1.2/32 2']);
    }
    const r = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'a.pcap'), 1: join(dir, 'b.pcap') },
      dir: join(dir, 'run'),
      timing: true,
      writes: [],
      during,
      reads: ['rt.table', 'forwarded1.count'],
    });
    expect(r.writeErrors.every((e) => e === undefined)).toBe(true);
    const toB = (r.outputs[1] as Buffer[]).filter((f) => f.readUInt16BE(12) === 0x0800);
    expect(toB.map((f) => ipOf(f).readUInt16BE(4))).toEqual(frames.map((_, i) => i & 0xffff));
    // The table at the end: the configuration's routes and the /32 set last.
    expect((r.handlers['rt.table'] as string).split('\n').map((l) => l.split('\t')[0])).toEqual([
      '0.0.0.0/0',
      '10.0.0.0/24',
      '10.0.0.1/32',
      '10.0.1.0/24',
      '10.0.1.1/32',
      '10.0.1.2/32',
    ]);
  });

  it('refuses bad routes with a message naming them, and keeps the table', async () => {
    writePcap(join(dir, 'c.pcap'), [
      {
        data: eth('02:00:00:00:01:00', A.mac, 0x0800, udp({ src: A.ip, dst: B.ip }, 1, 2, 4)),
        timeMicros: 1,
      },
    ]);
    const r = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'c.pcap') },
      dir: join(dir, 'bad'),
      writes: [
        ['rt.add', '10.0.1.0/24 2'], // already routed
        ['rt.add', '10.9.0.0/16 7'], // no output 7
        ['rt.add', '10.9.0.0/33 1'],
        ['rt.add', '10.9.0.0/255.0.255.0 1'], // not a prefix
        ['rt.remove', '10.8.0.0/16'], // no such route
        ['rt.ctrl', 'add 10.7.0.0/16 1\nadd 10.7.0.0/16 1'], // the second fails: neither is applied
        ['rt.ctrl', 'frobnicate 10.6.0.0/16 1'],
        ['rt.add', 'banana'],
      ],
      reads: ['rt.table'],
    });
    for (const [i, e] of r.writeErrors.entries()) expect(e, `write ${i}`).toBeDefined();
    expect(r.writeErrors[0]).toContain('10.0.1.0/24');
    expect(r.writeErrors[1]).toContain('7');
    expect(r.writeErrors[7]).toContain('banana');
    expect((r.handlers['rt.table'] as string).split('\n')).toHaveLength(5);
    expect(r.handlers['rt.table']).not.toContain('10.7.0.0');
  });
});
