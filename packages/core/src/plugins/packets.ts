// Packets built by hand for plugin golden tests: IPv4 with UDP, TCP or ICMP, checksums computed
// here from RFC 791/768/793/792 (never by the engine under test), and ARP frames (RFC 826).
import { etherFrame } from './harness.js';

export function macBytes(m: string): Buffer {
  return Buffer.from(m.split(':').map((x) => Number.parseInt(x, 16)));
}
export function ipBytes(a: string): Buffer {
  return Buffer.from(a.split('.').map(Number));
}
export function ipText(b: Buffer, at = 0): string {
  return [...b.subarray(at, at + 4)].join('.');
}
export function macText(b: Buffer, at = 0): string {
  return [...b.subarray(at, at + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The Internet checksum (RFC 1071) of `b`. */
export function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface IPv4Options {
  src: string;
  dst: string;
  proto: number;
  ttl?: number;
  id?: number;
  tos?: number;
  df?: boolean;
  mf?: boolean;
  /** Fragment offset in 8-byte units. */
  offset?: number;
  /** IP options, already padded to a multiple of 4 bytes. */
  options?: Buffer;
}

/** An IPv4 packet (header with a correct checksum, then `payload`). */
export function ipv4(o: IPv4Options, payload: Buffer): Buffer {
  const opts = o.options ?? Buffer.alloc(0);
  const h = Buffer.alloc(20 + opts.length);
  h[0] = 0x40 | ((20 + opts.length) / 4);
  h[1] = o.tos ?? 0;
  h.writeUInt16BE(h.length + payload.length, 2);
  h.writeUInt16BE(o.id ?? 1, 4);
  h.writeUInt16BE((o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | (o.offset ?? 0), 6);
  h[8] = o.ttl ?? 64;
  h[9] = o.proto;
  ipBytes(o.src).copy(h, 12);
  ipBytes(o.dst).copy(h, 16);
  opts.copy(h, 20);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

function pseudoSum(src: string, dst: string, proto: number, segment: Buffer): number {
  const ph = Buffer.alloc(12);
  ipBytes(src).copy(ph, 0);
  ipBytes(dst).copy(ph, 4);
  ph[9] = proto;
  ph.writeUInt16BE(segment.length, 10);
  return checksum(Buffer.concat([ph, segment]));
}

export function udp(
  o: Omit<IPv4Options, 'proto'>,
  sport: number,
  dport: number,
  data: Buffer | number = 0,
): Buffer {
  const body = Buffer.isBuffer(data) ? data : Buffer.alloc(data, 0x61);
  const seg = Buffer.alloc(8 + body.length);
  seg.writeUInt16BE(sport, 0);
  seg.writeUInt16BE(dport, 2);
  seg.writeUInt16BE(seg.length, 4);
  body.copy(seg, 8);
  seg.writeUInt16BE(pseudoSum(o.src, o.dst, 17, seg) || 0xffff, 6);
  return ipv4({ ...o, proto: 17 }, seg);
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 };

export function tcp(
  o: Omit<IPv4Options, 'proto'>,
  sport: number,
  dport: number,
  flags: number,
  data: Buffer | number = 0,
): Buffer {
  const body = Buffer.isBuffer(data) ? data : Buffer.alloc(data, 0x62);
  const seg = Buffer.alloc(20 + body.length);
  seg.writeUInt16BE(sport, 0);
  seg.writeUInt16BE(dport, 2);
  seg.writeUInt32BE(1000, 4);
  seg.writeUInt32BE(flags & TCP.ACK ? 2000 : 0, 8);
  seg[12] = 5 << 4;
  seg[13] = flags;
  seg.writeUInt16BE(65535, 14);
  body.copy(seg, 20);
  seg.writeUInt16BE(pseudoSum(o.src, o.dst, 6, seg), 16);
  return ipv4({ ...o, proto: 6 }, seg);
}

/** An ICMP message: type, code, the 4 bytes after the checksum (id and sequence for echo), data. */
export function icmp(
  o: Omit<IPv4Options, 'proto'>,
  type: number,
  code: number,
  rest: number,
  data: Buffer | number = 0,
): Buffer {
  const body = Buffer.isBuffer(data) ? data : Buffer.alloc(data, 0x63);
  const m = Buffer.alloc(8 + body.length);
  m[0] = type;
  m[1] = code;
  m.writeUInt32BE(rest >>> 0, 4);
  body.copy(m, 8);
  m.writeUInt16BE(checksum(m), 2);
  return ipv4({ ...o, proto: 1 }, m);
}

/** An Ethernet frame carrying `packet`, padded to the 60-byte minimum as a NIC would. */
export function eth(dst: string, src: string, type: number, packet: Buffer): Buffer {
  const f = etherFrame(dst, src, type, packet);
  return f.length >= 60 ? f : Buffer.concat([f, Buffer.alloc(60 - f.length)]);
}

/** An ARP request (op 1) or reply (op 2) for IPv4 over Ethernet, in its Ethernet frame. */
export function arp(
  op: 1 | 2,
  senderMac: string,
  senderIp: string,
  targetMac: string,
  targetIp: string,
  frameDst?: string,
): Buffer {
  const a = Buffer.alloc(28);
  a.writeUInt16BE(1, 0);
  a.writeUInt16BE(0x0800, 2);
  a[4] = 6;
  a[5] = 4;
  a.writeUInt16BE(op, 6);
  macBytes(senderMac).copy(a, 8);
  ipBytes(senderIp).copy(a, 14);
  macBytes(targetMac).copy(a, 18);
  ipBytes(targetIp).copy(a, 24);
  const dst = frameDst ?? (op === 1 ? 'ff:ff:ff:ff:ff:ff' : targetMac);
  return eth(dst, senderMac, 0x0806, a);
}

/** The IP packet of an Ethernet frame (after the 14-byte header, cut to the IP total length). */
export function ipOf(frame: Buffer): Buffer {
  const ip = frame.subarray(14);
  return ip.subarray(0, ip.readUInt16BE(2));
}

/** `packet` as a router forwards it: TTL one less, header checksum recomputed (RFC 1812 5.3.1). */
export function forwarded(packet: Buffer): Buffer {
  const p = Buffer.from(packet);
  p[8] = (p[8] as number) - 1;
  const hl = ((p[0] as number) & 15) * 4;
  p.writeUInt16BE(0, 10);
  p.writeUInt16BE(checksum(p.subarray(0, hl)), 10);
  return p;
}
