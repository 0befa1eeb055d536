// Golden tests of the router plugin: its own configuration run on pcaps through the plugin
// harness. Every expected packet is built here from the RFCs (791 forwarding and
// fragmentation, 792 ICMP errors, 826 ARP, 1812 router requirements) with the test's own
// checksum code; tshark checks the outputs' checksums and fields independently.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  haveTshark,
  preparePlugin,
  writePcap,
  arp,
  checksum,
  eth,
  forwarded,
  icmp,
  ipOf,
  ipText,
  ipv4,
  macText,
  udp,
} from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const pluginDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'clickos-router-test-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

const MAC0 = '02:00:00:00:01:00';
const MAC1 = '02:00:00:00:01:01';
const IP0 = '10.0.0.1';
const IP1 = '10.0.1.1';
const A = { mac: '02:00:00:00:00:0a', ip: '10.0.0.2' };
const B = { mac: '02:00:00:00:00:0b', ip: '10.0.1.2' };
const params = { MTU: '576' };

const isArp = (f: Buffer) => f.readUInt16BE(12) === 0x0806;
const ipFrames = (fs: Buffer[]) => fs.filter((f) => f.readUInt16BE(12) === 0x0800);

/** Checks an ICMP error frame field by field; returns its ICMP message. */
function expectIcmpError(
  f: Buffer,
  o: { to: { mac: string; ip: string }; fromMac: string; fromIp: string; type: number; code: number },
): Buffer {
  expect(macText(f, 0)).toBe(o.to.mac);
  expect(macText(f, 6)).toBe(o.fromMac);
  const ip = ipOf(f);
  expect(ip[0]).toBe(0x45);
  expect(ip[9]).toBe(1);
  // ICMPError sends with TTL 200; the output path takes one off like any forwarded packet.
  expect(ip[8]).toBe(199);
  expect(ipText(ip, 12)).toBe(o.fromIp);
  expect(ipText(ip, 16)).toBe(o.to.ip);
  expect(checksum(ip.subarray(0, 20))).toBe(0);
  const m = ip.subarray(20);
  expect(checksum(m)).toBe(0);
  expect([m[0], m[1]]).toEqual([o.type, o.code]);
  return m;
}

describe.skipIf(!haveRunner())('router plugin', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work'));

  // Frames from host A on interface 0 and from host B on interface 1.
  const fwd = udp({ src: A.ip, dst: B.ip, id: 0x100 }, 4000, 5000, 18);
  const expiring = udp({ src: A.ip, dst: B.ip, ttl: 1, id: 0x101 }, 4000, 5000, 18);
  const unroutable = udp({ src: A.ip, dst: '192.168.5.5', id: 0x102 }, 4000, 53, 10);
  const ping = icmp({ src: A.ip, dst: IP0, id: 0x103 }, 8, 0, (0x1234 << 16) | 7, 32);
  const big = udp({ src: A.ip, dst: B.ip, id: 0x104 }, 4000, 5000, 1000);
  const bigDF = udp({ src: A.ip, dst: B.ip, id: 0x105, df: true }, 4000, 5000, 1000);
  const sameNet = udp({ src: A.ip, dst: '10.0.0.3', id: 0x106 }, 4000, 5000, 4);
  const afterBad = udp({ src: A.ip, dst: B.ip, id: 0x107 }, 4000, 5000, 2);
  const badSum = Buffer.from(fwd);
  badSum.writeUInt16BE(badSum.readUInt16BE(10) ^ 0x00ff, 10);
  const v6InV4 = Buffer.from(fwd);
  v6InV4[0] = 0x65;
  const shortHl = Buffer.from(fwd);
  shortHl[0] = 0x44;
  const tooLong = Buffer.from(fwd);
  tooLong.writeUInt16BE(1400, 2);
  const malformed = [
    eth(MAC0, A.mac, 0x0800, badSum),
    eth(MAC0, A.mac, 0x0800, v6InV4),
    eth(MAC0, A.mac, 0x0800, shortHl),
    eth(MAC0, A.mac, 0x0800, tooLong),
    etherTruncated(eth(MAC0, A.mac, 0x0800, fwd), 14 + 10),
    Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  ];
  function etherTruncated(f: Buffer, n: number): Buffer {
    return f.subarray(0, n);
  }
  const fromA = [
    arp(2, A.mac, A.ip, MAC0, IP0),
    arp(1, A.mac, A.ip, '00:00:00:00:00:00', IP0),
    eth(MAC0, A.mac, 0x0800, fwd),
    eth(MAC0, A.mac, 0x0800, expiring),
    eth(MAC0, A.mac, 0x0800, unroutable),
    eth(MAC0, A.mac, 0x0800, ping),
    ...malformed,
    eth(MAC0, A.mac, 0x0800, afterBad),
    eth(MAC0, A.mac, 0x0800, big),
    eth(MAC0, A.mac, 0x0800, bigDF),
    eth(MAC0, A.mac, 0x0800, sameNet),
  ];
  const fromBUnroutable = udp({ src: B.ip, dst: '172.16.0.1', id: 0x200 }, 6000, 7000, 8);
  const fromB = [arp(2, B.mac, B.ip, MAC1, IP1), eth(MAC1, B.mac, 0x0800, fromBUnroutable)];

  writePcap(join(dir, 'a.pcap'), fromA);
  writePcap(join(dir, 'b.pcap'), fromB);
  const r = plugin.run({
    params,
    inputs: { 0: join(dir, 'a.pcap'), 1: join(dir, 'b.pcap') },
    dir: join(dir, 'run'),
    handlers: [
      'check0.drops',
      'non_ip0.count',
      'forwarded0.count',
      'forwarded1.count',
      'no_route.count',
      'frag1.fragments',
      'arpq0.table',
    ],
  });
  const out0 = r.outputs[0] as Buffer[];
  const out1 = r.outputs[1] as Buffer[];

  it('forwards A to B with one TTL less and a fresh checksum, to B from interface 1 (RFC 1812)', () => {
    const toB = ipFrames(out1).filter((f) => ipText(f, 30) === B.ip && f[23] === 17);
    expect(macText(toB[0] as Buffer, 0)).toBe(B.mac);
    expect(macText(toB[0] as Buffer, 6)).toBe(MAC1);
    expect(ipOf(toB[0] as Buffer)).toEqual(forwarded(fwd));
    // The packet after the malformed ones still goes through: nothing broke.
    expect(ipOf(toB[1] as Buffer)).toEqual(forwarded(afterBad));
  });

  it('fragments a packet bigger than the MTU into 8-byte-aligned pieces (RFC 791)', () => {
    const toB = ipFrames(out1).filter((f) => ipText(f, 30) === B.ip && f[23] === 17);
    // 1008 bytes of UDP under a 20-byte header, MTU 576: 552 + 456 bytes, offsets 0 and 69.
    const body = big.subarray(20);
    const first = ipv4(
      { src: A.ip, dst: B.ip, id: 0x104, ttl: 63, mf: true, proto: 17 },
      body.subarray(0, 552),
    );
    const second = ipv4(
      { src: A.ip, dst: B.ip, id: 0x104, ttl: 63, offset: 69, proto: 17 },
      body.subarray(552),
    );
    expect(toB.slice(2).map(ipOf)).toEqual([first, second]);
    expect(r.handlers['frag1.fragments']).toBe('2');
    // fwd, afterBad, two fragments, and the ICMP error to B.
    expect(r.handlers['forwarded1.count']).toBe('5');
  });

  it('sends ARP replies for its address and queries for unknown neighbours (RFC 826)', () => {
    const arps = out0.filter(isArp);
    const reply = arps.find((f) => f.readUInt16BE(20) === 2) as Buffer;
    expect(macText(reply, 0)).toBe(A.mac);
    expect(macText(reply, 22)).toBe(MAC0);
    expect(ipText(reply, 28)).toBe(IP0);
    expect(macText(reply, 32)).toBe(A.mac);
    expect(ipText(reply, 38)).toBe(A.ip);
    // 10.0.0.3 is on interface 0's network but unknown: the router asks for it.
    const query = arps.find((f) => f.readUInt16BE(20) === 1) as Buffer;
    expect(macText(query, 0)).toBe('ff:ff:ff:ff:ff:ff');
    expect(ipText(query, 28)).toBe(IP0);
    expect(ipText(query, 38)).toBe('10.0.0.3');
    expect(r.handlers['arpq0.table']).toContain(`${A.ip} 1 ${A.mac}`);
  });

  it('answers ICMP errors: time exceeded, net unreachable, fragmentation needed, redirect (RFC 792)', () => {
    const errors = ipFrames(out0).filter((f) => f[23] === 1 && ipText(f, 30) === A.ip);
    const byType = (t: number, c: number) => errors.filter((f) => f[34] === t && f[35] === c);
    expect(byType(11, 0)).toHaveLength(1);
    const te = expectIcmpError(byType(11, 0)[0] as Buffer, {
      to: A,
      fromMac: MAC0,
      fromIp: IP0,
      type: 11,
      code: 0,
    });
    expect(te.readUInt32BE(4)).toBe(0);
    expect(te.subarray(8)).toEqual(expiring); // small enough to be quoted whole
    const nu = expectIcmpError(byType(3, 0)[0] as Buffer, {
      to: A,
      fromMac: MAC0,
      fromIp: IP0,
      type: 3,
      code: 0,
    });
    expect(nu.subarray(8)).toEqual(unroutable);
    const nf = expectIcmpError(byType(3, 4)[0] as Buffer, {
      to: A,
      fromMac: MAC0,
      fromIp: IP0,
      type: 3,
      code: 4,
    });
    expect(nf.readUInt16BE(6)).toBe(576); // next-hop MTU (RFC 1191)
    // Quoted up to the 576-byte limit of the error: 576 - 20 - 8 bytes of the original.
    expect(nf.subarray(8)).toEqual(forwarded(bigDF).subarray(0, 548));
    const rd = expectIcmpError(byType(5, 1)[0] as Buffer, {
      to: A,
      fromMac: MAC0,
      fromIp: IP0,
      type: 5,
      code: 1,
    });
    expect(ipText(rd, 4)).toBe('10.0.0.3');
    expect(rd.subarray(8)).toEqual(sameNet);
    expect(r.handlers['no_route.count']).toBe('2');
  });

  it('sends errors about interface 1 traffic from interface 1 address', () => {
    const errs = ipFrames(out1).filter((f) => f[23] === 1);
    expect(errs).toHaveLength(1);
    const m = expectIcmpError(errs[0] as Buffer, { to: B, fromMac: MAC1, fromIp: IP1, type: 3, code: 0 });
    expect(m.subarray(8)).toEqual(fromBUnroutable);
  });

  it('answers pings to its own address', () => {
    const reply = ipFrames(out0).find((f) => f[23] === 1 && f[34] === 0) as Buffer;
    const ip = ipOf(reply);
    expect(ipText(ip, 12)).toBe(IP0);
    expect(ipText(ip, 16)).toBe(A.ip);
    expect(ip[8]).toBe(254); // 255 from the responder, one off on the way out
    expect(checksum(ip.subarray(0, 20))).toBe(0);
    const m = ip.subarray(20);
    expect(checksum(m)).toBe(0);
    expect(m.subarray(4)).toEqual(ping.subarray(24)); // identifier, sequence, data
  });

  it('drops malformed packets without harm and counts them', () => {
    // Bad checksum, version 6, header length 16, total length past the frame, 10 bytes of IP.
    expect(r.handlers['check0.drops']).toBe('5');
    expect(r.handlers['non_ip0.count']).toBe('1'); // the 10-byte runt has no EtherType
    // Only the four good packets from A reached B (two of them as fragments of one).
    const toB = ipFrames(out1).filter((f) => ipText(f, 30) === B.ip && f[23] === 17);
    expect(toB.map((f) => ipOf(f).readUInt16BE(4))).toEqual([0x100, 0x107, 0x104, 0x104]);
  });

  it.skipIf(!haveTshark())('every IP packet it sends has valid checksums (tshark)', () => {
    for (const f of [r.outputFiles[0], r.outputFiles[1]]) {
      // tshark verifies IP and UDP checksums only when asked; its status 1 means good.
      const t = spawnSync(
        'tshark',
        [
          '-o',
          'ip.check_checksum:TRUE',
          '-o',
          'udp.check_checksum:TRUE',
          '-r',
          f as string,
          '-T',
          'fields',
          '-e',
          'ip.checksum.status',
          '-e',
          'icmp.checksum.status',
          '-e',
          'udp.checksum.status',
        ],
        { encoding: 'utf8' },
      );
      const rows = t.stdout.split('\n').filter((l) => /\d/.test(l));
      expect(rows.length).toBeGreaterThan(3);
      for (const row of rows) {
        // Outer then quoted headers; the fragments' UDP checksum cannot be checked (status 2).
        for (const status of row.split(/[\t,]/).filter(Boolean)) expect(['1', '2']).toContain(status);
        expect(row.split('\t')[0]?.split(',')[0]).toBe('1');
      }
    }
  });

  it('refuses bad parameters, naming them', () => {
    expect(() => plugin.resolve(undefined, { IP0: '10.0.0.300' })).toThrow(
      "invalid parameter IP0: expected an IPv4 address such as 10.0.0.1, got '10.0.0.300'",
    );
    expect(() => plugin.resolve(undefined, { PREFIX1: '33' })).toThrow(
      'invalid parameter PREFIX1: 33 is above the maximum 32',
    );
    expect(() => plugin.resolve(undefined, { MAC0: '02:00:00:00:01' })).toThrow('invalid parameter MAC0');
    expect(() => plugin.resolve(undefined, { MTU: '40' })).toThrow(
      'invalid parameter MTU: 40 is below the minimum 68',
    );
    expect(() => plugin.resolve(undefined, { ROUTES: 'x' })).toThrow('unknown parameter ROUTES');
  });
});

describe.skipIf(!haveRunner())('router on garbage', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work-garbage'));

  it('survives 3000 random, truncated and mangled frames, and still forwards a good packet', () => {
    let seed = 777;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const good = udp({ src: A.ip, dst: B.ip, id: 0x4242 }, 4000, 5000, 18);
    const kinds = [
      good,
      icmp({ src: A.ip, dst: IP0 }, 8, 0, 1, 8),
      udp({ src: A.ip, dst: B.ip, ttl: 1 }, 1, 2, 4),
      udp({ src: A.ip, dst: '192.0.2.9' }, 1, 2, 700),
      ipv4(
        { src: A.ip, dst: B.ip, proto: 17, options: Buffer.from([7, 7, 4, 0, 0, 0, 0, 0]) },
        Buffer.alloc(8),
      ),
    ];
    const frames: Buffer[] = [arp(2, A.mac, A.ip, MAC0, IP0)];
    for (let i = 0; i < 3000; i++) {
      const f = Buffer.from(
        eth(MAC0, A.mac, i % 50 === 0 ? 0x0806 : 0x0800, kinds[i % kinds.length] as Buffer),
      );
      for (let k = rand(6); k > 0; k--) f[14 + rand(f.length - 14)] = rand(256);
      if (rand(2)) f[14] = 0x40 | rand(16);
      frames.push(f.subarray(0, 14 + rand(f.length - 13)));
    }
    frames.push(eth(MAC0, A.mac, 0x0800, good));
    writePcap(join(dir, 'garbage-a.pcap'), frames);
    writePcap(join(dir, 'garbage-b.pcap'), [arp(2, B.mac, B.ip, MAC1, IP1)]);
    const r = plugin.run({
      params,
      inputs: { 0: join(dir, 'garbage-a.pcap'), 1: join(dir, 'garbage-b.pcap') },
      dir: join(dir, 'garbage'),
    });
    const toB = ipFrames(r.outputs[1] as Buffer[]).map(ipOf);
    expect(toB.at(-1)).toEqual(forwarded(good));
  });
});
