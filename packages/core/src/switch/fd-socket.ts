// A blocking unix stream socket that carries file descriptors (SCM_RIGHTS), which Node's own
// sockets cannot do: libc's socket/connect/sendmsg/recvmsg through koffi. Every call is short
// (a local switch answering one line) and bounded by send and receive timeouts.
//
// Layouts are Linux x86-64/aarch64 (LP64): msghdr 56 bytes, iovec 16, cmsghdr header 16.
import koffi from 'koffi';
import { BackendError } from '../errors.js';

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const SO_RCVTIMEO = 20;
const SO_SNDTIMEO = 21;
const MSG_PEEK = 0x2;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;
const MSG_CMSG_CLOEXEC = 0x40000000;
const EINTR = 4;
const MAX_FDS = 16;

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  connect(fd: number, addr: Buffer, len: number): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer, len: number): number;
  sendmsg(fd: number, msg: unknown, flags: number): number;
  recvmsg(fd: number, msg: unknown, flags: number): number;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  close(fd: number): number;
  strerror(errnum: number): string;
}

let libc: Libc | undefined;

function load(): Libc {
  if (libc) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    socket: lib.func('int socket(int, int, int)'),
    connect: lib.func('int connect(int, const void *, uint32_t)'),
    setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)'),
    sendmsg: lib.func('intptr_t sendmsg(int, void *, int)'),
    recvmsg: lib.func('intptr_t recvmsg(int, void *, int)'),
    recv: lib.func('intptr_t recv(int, void *, size_t, int)'),
    close: lib.func('int close(int)'),
    strerror: lib.func('const char *strerror(int)'),
  } as Libc;
  return libc;
}

function errnoText(): string {
  const e = koffi.errno();
  return `${load().strerror(e)} (errno ${e})`;
}

/** Closes raw descriptors (ones Node does not own); errors are ignored. */
export function closeFds(fds: Iterable<number>): void {
  const c = load();
  for (const fd of fds) if (fd >= 0) c.close(fd);
}

/**
 * Whether the peer of connected socket `fd` has closed it (a switch that went away). The
 * switch never writes unasked, so a readable end of file is the only thing to find.
 */
export function peerClosed(fd: number): boolean {
  return load().recv(fd, Buffer.alloc(1), 1, MSG_PEEK | MSG_DONTWAIT) === 0;
}

// One message's worth of unmanaged memory: msghdr, iovec, control space and a data buffer.
const MSG_OFF = 0;
const IOV_OFF = 64;
const CTL_OFF = 128;
const CTL_SPACE = 16 + MAX_FDS * 4;
const DATA_OFF = 256;
const DATA_SIZE = 64 * 1024;

class Scratch {
  readonly block: unknown = koffi.alloc('uint8_t', DATA_OFF + DATA_SIZE);
  readonly base: bigint = koffi.address(this.block);
  readonly bytes = new Uint8Array(koffi.view(this.block, DATA_OFF + DATA_SIZE));
  readonly view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);

  // Fills msghdr + iovec for `dataLength` bytes at DATA_OFF and `controlLength` control bytes.
  prepare(dataLength: number, controlLength: number): void {
    this.bytes.fill(0, 0, DATA_OFF);
    const v = this.view;
    v.setBigUint64(MSG_OFF + 0, 0n, true); // msg_name
    v.setUint32(MSG_OFF + 8, 0, true); // msg_namelen
    v.setBigUint64(MSG_OFF + 16, this.base + BigInt(IOV_OFF), true); // msg_iov
    v.setBigUint64(MSG_OFF + 24, 1n, true); // msg_iovlen
    v.setBigUint64(MSG_OFF + 32, controlLength ? this.base + BigInt(CTL_OFF) : 0n, true); // msg_control
    v.setBigUint64(MSG_OFF + 40, BigInt(controlLength), true); // msg_controllen
    v.setBigUint64(IOV_OFF + 0, this.base + BigInt(DATA_OFF), true); // iov_base
    v.setBigUint64(IOV_OFF + 8, BigInt(dataLength), true); // iov_len
  }
}

let scratch: Scratch | undefined;

/** A connected unix stream socket to `path`, owned by the caller as a raw descriptor. */
export class FdSocket {
  private input = Buffer.alloc(0);
  private inputFds: number[] = [];

  private constructor(
    readonly fd: number,
    readonly path: string,
  ) {}

  static connect(path: string, timeoutMs = 5000): FdSocket {
    const c = load();
    const encoded = Buffer.from(path, 'utf8');
    if (encoded.length >= 108)
      throw new BackendError(`socket path too long (${encoded.length} bytes): ${path}`);
    const fd = c.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw new BackendError(`socket(): ${errnoText()}`);
    const addr = Buffer.alloc(110);
    addr.writeUInt16LE(AF_UNIX, 0);
    encoded.copy(addr, 2);
    if (c.connect(fd, addr, 2 + encoded.length + 1) < 0) {
      const why = errnoText();
      c.close(fd);
      throw new BackendError(`cannot connect to ${path}: ${why}`);
    }
    const tv = Buffer.alloc(16);
    tv.writeBigInt64LE(BigInt(Math.floor(timeoutMs / 1000)), 0);
    tv.writeBigInt64LE(BigInt((timeoutMs % 1000) * 1000), 8);
    c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
    c.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, 16);
    return new FdSocket(fd, path);
  }

  /** Sends `line` and a newline, with `fds` attached to its first byte. */
  sendLine(line: string, fds: number[] = []): void {
    if (fds.length > MAX_FDS) throw new BackendError(`cannot send more than ${MAX_FDS} descriptors at once`);
    const c = load();
    scratch ??= new Scratch();
    const s = scratch;
    let data = Buffer.from(`${line}\n`, 'utf8');
    let first = true;
    while (data.length > 0) {
      const n = Math.min(data.length, DATA_SIZE);
      s.bytes.set(data.subarray(0, n), DATA_OFF);
      const control = first && fds.length > 0 ? 16 + Math.ceil((fds.length * 4) / 8) * 8 : 0;
      s.prepare(n, control);
      if (control) {
        s.view.setBigUint64(CTL_OFF, BigInt(16 + fds.length * 4), true); // cmsg_len
        s.view.setInt32(CTL_OFF + 8, SOL_SOCKET, true);
        s.view.setInt32(CTL_OFF + 12, SCM_RIGHTS, true);
        fds.forEach((f, i) => {
          s.view.setInt32(CTL_OFF + 16 + i * 4, f, true);
        });
      }
      const sent = c.sendmsg(this.fd, s.block, MSG_NOSIGNAL);
      if (sent < 0) {
        if (koffi.errno() === EINTR) continue;
        throw new BackendError(`sending to ${this.path}: ${errnoText()}`);
      }
      first = false;
      data = data.subarray(sent);
    }
  }

  /** The next line (without its newline) and the descriptors that came with it. */
  readLine(): { line: string; fds: number[] } {
    const c = load();
    scratch ??= new Scratch();
    const s = scratch;
    for (;;) {
      const nl = this.input.indexOf(10);
      if (nl >= 0) {
        const line = this.input.toString('utf8', 0, nl);
        this.input = this.input.subarray(nl + 1);
        const fds = this.inputFds;
        this.inputFds = [];
        return { line, fds };
      }
      if (this.input.length > 1 << 24) throw new BackendError(`${this.path}: reply line too long`);
      s.prepare(DATA_SIZE, CTL_SPACE);
      const got = c.recvmsg(this.fd, s.block, MSG_CMSG_CLOEXEC);
      if (got < 0) {
        if (koffi.errno() === EINTR) continue;
        throw new BackendError(`reading from ${this.path}: ${errnoText()}`);
      }
      this.collectFds(s);
      if (got === 0) throw new BackendError(`${this.path} closed the connection`);
      this.input = Buffer.concat([this.input, Buffer.from(s.bytes.subarray(DATA_OFF, DATA_OFF + got))]);
    }
  }

  private collectFds(s: Scratch): void {
    const controlLength = Number(s.view.getBigUint64(MSG_OFF + 40, true));
    let off = 0;
    while (off + 16 <= controlLength) {
      const len = Number(s.view.getBigUint64(CTL_OFF + off, true));
      if (len < 16) break;
      const level = s.view.getInt32(CTL_OFF + off + 8, true);
      const type = s.view.getInt32(CTL_OFF + off + 12, true);
      if (level === SOL_SOCKET && type === SCM_RIGHTS) {
        for (let i = 16; i + 4 <= len; i += 4) this.inputFds.push(s.view.getInt32(CTL_OFF + off + i, true));
      }
      off += Math.ceil(len / 8) * 8;
    }
  }

  /** Closes the socket and any descriptors received but not taken. */
  close(): void {
    closeFds(this.inputFds);
    this.inputFds = [];
    if (this.fd >= 0) load().close(this.fd);
  }
}
