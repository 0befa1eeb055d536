// Golden tests of the firewall plugin: its configurations run on pcaps, with the rule set
// loaded through filter.config as an operator would. Which rule each packet meets is worked
// out by hand from IPFilter's documented semantics (first match wins; `deny all` at the end);
// frames that pass leave unchanged except for link padding after the IP packet, which
// CheckIPHeader removes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePlugin, writePcap, runWithWrites, eth, icmp, ipOf, TCP, tcp, udp } from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const pluginDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'clickos-firewall-test-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

const INSIDE_MAC = '02:00:00:00:00:0a';
const OUTSIDE_MAC = '02:00:00:00:00:0b';
const I = '10.0.0.2'; // a host inside
const S = '198.51.100.7'; // a server outside
const DNS = '198.51.100.53';
const out = (pkt: Buffer) => eth(OUTSIDE_MAC, INSIDE_MAC, 0x0800, pkt); // inside -> outside
const back = (pkt: Buffer) => eth(INSIDE_MAC, OUTSIDE_MAC, 0x0800, pkt); // outside -> inside
const unpadded = (f: Buffer) => f.subarray(0, 14 + ipOf(f).length);

const RULES = [
  'allow src net 10.0.0.0/24 && (tcp dst port 80 or 443)',
  'deny syn && dst port 22',
  'allow icmp type echo',
  'allow icmp type echo-reply && dst net 10.0.0.0/24',
  'drop udp dst port 53 && dst host 198.51.100.53',
  'allow udp && dst host 198.51.100.53',
  'deny all',
].join(',\n');

let seq = 0;
function dir_(name: string): string {
  return join(dir, `${name}-${seq++}`);
}

describe.skipIf(!haveRunner())('firewall plugin', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work'));

  // [frame, the rule it meets first (by hand), whether it passes]
  const inside: Array<[Buffer, number]> = [
    [out(tcp({ src: I, dst: S }, 40000, 80, TCP.SYN)), 0],
    [out(tcp({ src: I, dst: S }, 40001, 443, TCP.ACK | TCP.PSH, 100)), 0],
    [out(tcp({ src: I, dst: S }, 40002, 22, TCP.SYN)), 1],
    [out(icmp({ src: I, dst: S }, 8, 0, 0x00070001)), 2],
    [out(udp({ src: I, dst: DNS }, 5353, 53, 20)), 4],
    [out(udp({ src: I, dst: DNS }, 5353, 123, 48)), 5],
    [out(tcp({ src: I, dst: S }, 40003, 25, TCP.SYN)), 6],
    [out(tcp({ src: '10.0.1.2', dst: S }, 40004, 80, TCP.SYN)), 6], // outside the inside net
  ];
  const outside: Array<[Buffer, number]> = [
    [back(tcp({ src: S, dst: I }, 80, 40000, TCP.SYN | TCP.ACK)), 6], // a reply: stateless denies it
    [back(icmp({ src: S, dst: I }, 0, 0, 0x00070001)), 3],
    [back(icmp({ src: S, dst: I }, 8, 0, 0x00090001)), 2],
    [back(tcp({ src: S, dst: I }, 5555, 22, TCP.SYN)), 1],
  ];
  const passes = (rule: number) => [0, 2, 3, 5].includes(rule);
  const arpFrame = eth('ff:ff:ff:ff:ff:ff', INSIDE_MAC, 0x0806, Buffer.alloc(28, 1));
  const v6Frame = eth(OUTSIDE_MAC, INSIDE_MAC, 0x86dd, Buffer.alloc(60, 2));
  const badSum = Buffer.from(out(udp({ src: I, dst: DNS }, 1, 123, 8)));
  badSum[24] = (badSum[24] as number) ^ 0xff; // IP header checksum
  const truncated = out(tcp({ src: I, dst: S }, 40000, 80, TCP.SYN)).subarray(0, 14 + 12);
  const runt = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it('applies the rules written to filter.config in both directions, first match wins', async () => {
    writePcap(join(dir, 'in.pcap'), [arpFrame, ...inside.map(([f]) => f), v6Frame, badSum, truncated, runt]);
    writePcap(
      join(dir, 'out.pcap'),
      outside.map(([f]) => f),
    );
    const r = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'in.pcap'), 1: join(dir, 'out.pcap') },
      dir: dir_('rules'),
      writes: [['filter.config', RULES]],
      reads: ['filter.counts', 'bad.count', 'other.count', 'arp_in.count'],
    });
    expect(r.writeErrors).toEqual([undefined]);
    // A batch is split by EtherType, so ARP and IPv4 keep their order only among themselves.
    const isIp = (f: Buffer) => f.readUInt16BE(12) === 0x0800;
    expect(r.outputs[1]?.filter((f) => !isIp(f))).toEqual([arpFrame]);
    expect(r.outputs[1]?.filter(isIp)).toEqual(
      inside.filter(([, rule]) => passes(rule)).map(([f]) => unpadded(f)),
    );
    expect(r.outputs[0]).toEqual(outside.filter(([, rule]) => passes(rule)).map(([f]) => unpadded(f)));
    // Per-rule counters: packets, and bytes as the filter saw them (Ethernet header included).
    const counts = JSON.parse(r.handlers['filter.counts'] as string);
    const all = [...inside, ...outside];
    expect(counts.rules.map((c: { packets: number; bytes: number }) => [c.packets, c.bytes])).toEqual(
      RULES.split(',\n').map((_, i) => {
        const hits = all.filter(([, rule]) => rule === i).map(([f]) => unpadded(f).length);
        return [hits.length, hits.reduce((a, b) => a + b, 0)];
      }),
    );
    expect(counts.rules[1]).toMatchObject({ rule: 1, text: 'deny syn && dst port 22', output: null });
    expect(counts.rules[0].output).toBe(0);
    expect(counts.unmatched).toEqual({ packets: 0, bytes: 0 });
    // Checksum error and a 12-byte IP header are malformed; the runt and IPv6 are not IPv4 or ARP.
    expect(r.handlers['bad.count']).toBe('2');
    expect(r.handlers['other.count']).toBe('2');
    expect(r.handlers['arp_in.count']).toBe('1');
  });

  it('starts with its POLICY rule', async () => {
    writePcap(
      join(dir, 'p.pcap'),
      inside.map(([f]) => f),
    );
    const deny = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'p.pcap') },
      dir: dir_('deny'),
      writes: [],
    });
    expect(deny.outputs[1]).toEqual([]);
    const allow = await runWithWrites(plugin, {
      params: { POLICY: 'allow' },
      inputs: { 0: join(dir, 'p.pcap') },
      dir: dir_('allow'),
      writes: [],
      reads: ['filter.config'],
    });
    expect(allow.outputs[1]).toEqual(inside.map(([f]) => unpadded(f)));
    expect(allow.handlers['filter.config']).toBe('allow all');
  });

  it('refuses a bad rule set with the place of the bad rule, and keeps the set in force', async () => {
    writePcap(
      join(dir, 'b.pcap'),
      inside.map(([f]) => f),
    );
    const r = await runWithWrites(plugin, {
      inputs: { 0: join(dir, 'b.pcap') },
      dir: dir_('bad'),
      writes: [
        ['filter.config', RULES],
        ['filter.config', 'allow tcp,\ndeny udp port 99999'],
        ['filter.config', 'allow tcp, permit udp'],
        ['filter.config', 'allow src net 10.0.0.0/33'],
        ['filter.config', 'allow icmp type bogus'],
        ['filter.config', 'allow (tcp'],
        ['filter.counts', 'x'],
      ],
      reads: ['filter.config'],
    });
    expect(r.writeErrors[0]).toBeUndefined();
    // Through the ControlSocket each refusal names the handler and the rule, with the reason.
    expect(r.writeErrors[1]).toContain('filter.config');
    expect(r.writeErrors[1]).toContain("rule 1: '99999' is out of range for udp port (0-65535)");
    expect(r.writeErrors[2]).toContain(
      "rule 1: unknown action 'permit' (allow, deny, drop or an output number)",
    );
    expect(r.writeErrors[3]).toMatch(/rule 0: .*33/);
    expect(r.writeErrors[4]).toMatch(/rule 0: .*bogus/);
    expect(r.writeErrors[5]).toMatch(/rule 0: /);
    expect(r.writeErrors[6]).toMatch(/^write filter\.counts: Handler .filter\.counts./);
    // The first set is still the one in force, and it decided every packet.
    expect(r.handlers['filter.config']).toBe(RULES);
    expect(r.outputs[1]).toEqual(inside.filter(([, rule]) => passes(rule)).map(([f]) => unpadded(f)));
  });

  it('refuses bad parameters, naming them', () => {
    expect(() => plugin.resolve('firewall', { POLICY: 'maybe' })).toThrow(
      "invalid parameter POLICY: expected one of allow, deny, got 'maybe'",
    );
    expect(() => plugin.resolve('stateful', { CAPACITY: '0' })).toThrow(
      'invalid parameter CAPACITY: 0 is below the minimum 1',
    );
    expect(() => plugin.resolve('stateful', { UDP_TIMEOUT: 'soon' })).toThrow(
      'invalid parameter UDP_TIMEOUT',
    );
    expect(() => plugin.resolve('firewall', { CAPACITY: '10' })).toThrow('unknown parameter CAPACITY');
  });
});
