// The few Linux calls Node lacks, through koffi: pidfd_open (to learn when a process we did not
// start ends), pidfd_getfd (to take a copy of an instance's port descriptors for a restarted
// switch) and prlimit (to raise the host's descriptor limit for many instances).
import koffi from 'koffi';
import { BackendError } from '../../errors.js';

// The same numbers on x86-64 and aarch64.
const SYS_pidfd_open = 434;
const SYS_pidfd_getfd = 438;
const RLIMIT_NOFILE = 7;

interface Libc {
  syscall(nr: number, a: number, b: number): number;
  syscall3(nr: number, a: number, b: number, c: number): number;
  strerror(errnum: number): string;
  prlimit(pid: number, resource: number, next: Buffer | null, old: Buffer | null): number;
  close(fd: number): number;
}

let libc: Libc | undefined;

function load(): Libc {
  if (libc) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    syscall: lib.func('long syscall(long, int, int)'),
    syscall3: lib.func('syscall', 'long', ['long', 'int', 'int', 'uint']),
    strerror: lib.func('const char *strerror(int)'),
    prlimit: lib.func('int prlimit(int, int, const void *, void *)'),
    close: lib.func('int close(int)'),
  } as Libc;
  return libc;
}

/**
 * Calls `onExit` once when process `pid` ends (even if it is not our child). Returns a function
 * that stops watching; undefined if the kernel cannot watch it (the process is already gone).
 */
export function watchExit(pid: number, onExit: () => void): (() => void) | undefined {
  const c = load();
  const fd = c.syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return undefined;
  let done = false;
  const handle = koffi.node.poll(fd, { readable: true }, () => {
    stop();
    onExit();
  });
  handle.unref();
  const stop = () => {
    if (done) return;
    done = true;
    handle.close();
    c.close(fd);
  };
  return stop;
}

function errnoText(): string {
  const e = koffi.errno();
  return `${load().strerror(e)} (errno ${e})`;
}

/** A pidfd of process `pid` (the caller closes it with closePidfd); a BackendError if it is gone. */
export function openPidfd(pid: number): number {
  const fd = load().syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) throw new BackendError(`pidfd_open(${pid}): ${errnoText()}`);
  return fd;
}

export function closePidfd(fd: number): void {
  load().close(fd);
}

/**
 * A copy of descriptor `targetFd` of the process behind `pidfd`, as a descriptor of this process
 * (close-on-exec). Needs the right to trace that process (root, or the same user).
 */
export function takeDescriptor(pidfd: number, targetFd: number): number {
  const fd = load().syscall3(SYS_pidfd_getfd, pidfd, targetFd, 0);
  if (fd < 0) throw new BackendError(`pidfd_getfd(descriptor ${targetFd}): ${errnoText()}`);
  return fd;
}

/** The soft and hard limits on open descriptors of this process. */
export function fileLimit(): { soft: number; hard: number } {
  const old = Buffer.alloc(16);
  load().prlimit(0, RLIMIT_NOFILE, null, old);
  return { soft: Number(old.readBigUInt64LE(0)), hard: Number(old.readBigUInt64LE(8)) };
}

/**
 * Raises this process's soft descriptor limit to at least `wanted` (up to the hard limit, which
 * root may raise too, up to fs.nr_open). Returns the limit now in force.
 */
export function raiseFileLimit(wanted: number): number {
  const { soft, hard } = fileLimit();
  if (soft >= wanted) return soft;
  let newHard = hard;
  if (hard < wanted && process.getuid?.() === 0) newHard = wanted;
  const next = Buffer.alloc(16);
  next.writeBigUInt64LE(BigInt(Math.min(wanted, newHard)), 0);
  next.writeBigUInt64LE(BigInt(newHard), 8);
  if (load().prlimit(0, RLIMIT_NOFILE, next, null) !== 0 && newHard !== hard) {
    next.writeBigUInt64LE(BigInt(Math.min(wanted, hard)), 0);
    next.writeBigUInt64LE(BigInt(hard), 8);
    load().prlimit(0, RLIMIT_NOFILE, next, null);
  }
  return fileLimit().soft;
}
