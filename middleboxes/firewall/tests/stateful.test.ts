// Golden tests of the stateful firewall: connection tracking and its timeouts, with the
// clock taken from the pcap's timestamps (PACKET_TIME) so that every expiry is exact. What
// passes is worked out by hand: the rules let inside hosts open TCP port 80, DNS and pings;
// a later packet of such a connection passes whichever way it goes until the connection has
// been idle for its timeout (UDP 60 s, ICMP 30 s, TCP 3600 s, 10 s after a FIN or RST).
// All frames come in on one port so their order is the pcap's; the table is the same for
// both directions (the end-to-end test checks directions between real hosts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  preparePlugin,
  writePcap,
  runWithWrites,
  checksum,
  eth,
  icmp,
  ipOf,
  TCP,
  tcp,
  udp,
} from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const pluginDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'clickos-stateful-test-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

const I = '10.0.0.2';
const S = '198.51.100.7';
const frame = (pkt: Buffer) => eth('02:00:00:00:00:0b', '02:00:00:00:00:0a', 0x0800, pkt);
const unpadded = (f: Buffer) => f.subarray(0, 14 + ipOf(f).length);
const RULES =
  'allow src net 10.0.0.0/24 && tcp dst port 80, allow src net 10.0.0.0/24 && udp dst port 53, ' +
  'allow src net 10.0.0.0/24 && icmp type echo, deny all';

describe.skipIf(!haveRunner())('stateful firewall plugin', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work'));

  // [second, packet, passes?] in time order
  const script: Array<[number, Buffer, boolean]> = [
    [1, tcp({ src: I, dst: S }, 40000, 80, TCP.SYN), true], // the rules allow it: recorded
    [2, tcp({ src: S, dst: I }, 80, 40000, TCP.SYN | TCP.ACK), true], // its reply
    [2, tcp({ src: S, dst: I }, 80, 40001, TCP.SYN | TCP.ACK), false], // another port: no connection
    [3, tcp({ src: S, dst: I }, 2222, 40000, TCP.ACK), false], // another server port
    [3, udp({ src: S, dst: I }, 80, 40000, 4), false], // UDP is not the TCP connection
    [5, udp({ src: I, dst: S }, 5353, 53, 20), true],
    [6, udp({ src: S, dst: I }, 53, 5353, 40), true],
    [7, icmp({ src: I, dst: S }, 8, 0, (77 << 16) | 1), true],
    [8, icmp({ src: S, dst: I }, 0, 0, (77 << 16) | 1), true], // echo reply, same identifier
    [8, icmp({ src: S, dst: I }, 0, 0, (78 << 16) | 1), false], // another identifier
    [9, tcp({ src: I, dst: S }, 40000, 80, TCP.FIN | TCP.ACK), true], // closing: 10 s from now
    [15, tcp({ src: S, dst: I }, 80, 40000, TCP.ACK), true], // within 10 s: renews to 25
    [36, icmp({ src: S, dst: I }, 0, 0, (77 << 16) | 2), true], // ICMP idle since 8: 28 s < 30
    [60, tcp({ src: S, dst: I }, 80, 40000, TCP.ACK), false], // closed connection expired at 25
    [65, udp({ src: S, dst: I }, 53, 5353, 40), true], // UDP idle since 6: 59 s < 60
    [66.5, icmp({ src: S, dst: I }, 0, 0, (77 << 16) | 3), false], // ICMP expired at 66
    [126, udp({ src: S, dst: I }, 53, 5353, 40), false], // UDP expired at 125 (65 + 60)
    [127, tcp({ src: I, dst: S }, 40000, 80, TCP.SYN), true], // the rules allow it again
  ];

  it('lets packets of allowed connections through both ways until they time out', async () => {
    writePcap(
      join(dir, 's.pcap'),
      script.map(([t, p]) => ({ data: frame(p), timeMicros: Math.round(t * 1e6) + 1_000_000_000 * 1000 })),
    );
    const r = await runWithWrites(plugin, {
      config: 'stateful',
      params: { PACKET_TIME: 'true' },
      inputs: { 0: join(dir, 's.pcap') },
      dir: join(dir, 'run'),
      writes: [['filter.config', RULES]],
      reads: ['conn.count', 'conn.table', 'conn.created', 'filter.counts'],
    });
    expect(r.writeErrors).toEqual([undefined]);
    expect(r.outputs[1]).toEqual(script.filter(([, , pass]) => pass).map(([, p]) => unpadded(frame(p))));
    // Recorded: TCP at 1, UDP at 5, ICMP at 7, TCP again at 127 (the old one had expired).
    expect(r.handlers['conn.created']).toBe('4');
    // At 127 only the new TCP connection is alive (UDP and ICMP expired, TCP closed at 25).
    expect(r.handlers['conn.count']).toBe('1');
    expect(r.handlers['conn.table']).toBe(`tcp ${I}:40000 ${S}:80 3600`);
    // The rules saw only packets the table did not know: the two SYNs, the first UDP and
    // ICMP packets, and the seven that did not pass.
    const counts = JSON.parse(r.handlers['filter.counts'] as string);
    expect(counts.rules.map((c: { packets: number }) => c.packets)).toEqual([2, 1, 1, 7]);
  });

  it('drops packets that would open a connection when the table is full, until connections expire', async () => {
    const flows = [1, 2, 3, 4, 5].map((i) => udp({ src: I, dst: S }, 6000 + i, 53, 8));
    // Four at once (two find room), the fifth 61 s later, when the first two have expired.
    writePcap(
      join(dir, 'full.pcap'),
      flows.map((p, i) => ({ data: frame(p), timeMicros: i < 4 ? 2_000_000 + i : 63_000_000 })),
    );
    const r = await runWithWrites(plugin, {
      config: 'stateful',
      params: { PACKET_TIME: 'true', CAPACITY: '2' },
      inputs: { 0: join(dir, 'full.pcap') },
      dir: join(dir, 'full'),
      writes: [['filter.config', RULES]],
      reads: ['conn.count', 'conn.full_drops'],
    });
    expect(r.outputs[1]).toEqual([flows[0], flows[1], flows[4]].map((p) => unpadded(frame(p as Buffer))));
    expect(r.handlers).toMatchObject({ 'conn.count': '1', 'conn.full_drops': '2' });
  });

  it('never records malformed packets or later fragments; they meet the rules', async () => {
    const first = udp({ src: I, dst: S, id: 9, mf: true }, 5353, 53, 16);
    const later = udp({ src: S, dst: I, id: 9, offset: 3 }, 53, 5353, 16); // no ports in it
    const shortTcp = tcp({ src: I, dst: S }, 40000, 80, TCP.SYN).subarray(0, 20 + 10);
    const fixed = Buffer.from(shortTcp);
    fixed.writeUInt16BE(30, 2);
    fixed.writeUInt16BE(0, 10);
    fixed.writeUInt16BE(checksum(fixed.subarray(0, 20)), 10);
    writePcap(join(dir, 'frag.pcap'), [
      { data: frame(first), timeMicros: 3_000_000 },
      { data: frame(later), timeMicros: 3_000_001 },
      { data: frame(fixed), timeMicros: 3_000_002 },
    ]);
    const r = await runWithWrites(plugin, {
      config: 'stateful',
      params: { PACKET_TIME: 'true' },
      inputs: { 0: join(dir, 'frag.pcap') },
      dir: join(dir, 'frag'),
      writes: [['filter.config', RULES]],
      reads: ['conn.count', 'filter.counts'],
    });
    // The first fragment matches rule 1 and is recorded; the later one, from outside, carries
    // no ports, so it is not the connection's and the rules deny it. The TCP header cut to 10
    // bytes has ports but no flags: ConnTrack cannot follow it and does not record it, while
    // IPFilter can read its destination port (the first 4 bytes), so rule 0 lets it through.
    expect(r.outputs[1]).toEqual([unpadded(frame(first)), unpadded(frame(fixed))]);
    expect(r.handlers['conn.count']).toBe('1');
    expect(
      JSON.parse(r.handlers['filter.counts'] as string).rules.map((c: { packets: number }) => c.packets),
    ).toEqual([1, 1, 0, 1]);
  });
});

describe.skipIf(!haveRunner())('stateful firewall on garbage', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work-garbage'));

  it('survives 3000 random, truncated and mangled frames, and still passes a good packet', async () => {
    // A fixed-seed generator: IPv4 frames with random header fields, random lengths and cuts.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const good = tcp({ src: I, dst: S }, 40000, 80, TCP.SYN);
    const frames: Buffer[] = [];
    for (let i = 0; i < 3000; i++) {
      const base = [good, udp({ src: I, dst: S }, 1, 53, 8), icmp({ src: S, dst: I }, 0, 0, 5)][
        i % 3
      ] as Buffer;
      const f = Buffer.from(frame(base));
      for (let k = rand(6); k > 0; k--) f[14 + rand(f.length - 14)] = rand(256);
      if (rand(2)) f[14] = 0x40 | rand(16); // header length 0-60
      if (rand(3) === 0) f.writeUInt16BE(rand(0x2000) | (rand(2) << 13), 20); // fragment fields
      frames.push(f.subarray(0, 14 + rand(f.length - 13)));
    }
    writePcap(join(dir, 'garbage.pcap'), [...frames, frame(good)]);
    const r = await runWithWrites(plugin, {
      config: 'stateful',
      inputs: { 0: join(dir, 'garbage.pcap') },
      dir: join(dir, 'garbage'),
      writes: [['filter.config', RULES]],
      reads: ['conn.count'],
    });
    expect((r.outputs[1] as Buffer[]).at(-1)).toEqual(unpadded(frame(good)));
  });
});
