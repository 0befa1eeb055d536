// What /proc tells about an instance's process: whether it is still the process we started
// (pid and start time), its CPU time and its memory (PSS, with the ring memfds apart).
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Stat {
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  startTicks: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may contain spaces and parentheses: fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    state: f[0] ?? '?',
    ppid: Number(f[1]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    startTicks: Number(f[19]),
  };
}

/** The process's start time in clock ticks since boot: with the pid, it names one process for good. */
export function processStartTicks(pid: number): number | undefined {
  return stat(pid)?.startTicks;
}

/** Whether `pid` is alive (not a zombie) and is the process that started at `startTicks`. */
export function isSameProcess(pid: number, startTicks: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.startTicks === startTicks && s.state !== 'Z' && s.state !== 'X';
}

/** The parent of `pid` (undefined if it is gone). */
export function parentPid(pid: number): number | undefined {
  return stat(pid)?.ppid;
}

export function cpuSeconds(pid: number): number | undefined {
  const s = stat(pid);
  return s ? (s.utime + s.stime) / CLOCK_TICKS : undefined;
}

export function uptimeSeconds(pid: number): number | undefined {
  const s = stat(pid);
  if (!s) return undefined;
  const boot = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return boot - s.startTicks / CLOCK_TICKS;
}

export interface MemoryUse {
  pssBytes: number;
  rssBytes: number;
  /** PSS of the memfd mappings (ring ports). */
  ringBytes: number;
}

/** PSS and RSS of the process, and the part of PSS that is ring memory, from /proc/PID/smaps. */
export function memoryUse(pid: number): MemoryUse | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return undefined;
  }
  let pss = 0;
  let rss = 0;
  let ring = 0;
  let inMemfd = false;
  for (const line of text.split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      inMemfd = line.includes('/memfd:');
      continue;
    }
    if (line.startsWith('Pss:')) {
      const kb = Number(line.slice(4).trim().split(' ')[0]) * 1024;
      pss += kb;
      if (inMemfd) ring += kb;
    } else if (line.startsWith('Rss:')) {
      rss += Number(line.slice(4).trim().split(' ')[0]) * 1024;
    }
  }
  return { pssBytes: pss, rssBytes: rss, ringBytes: ring };
}

/** The number of descriptors the process holds. */
export function openFdCount(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}
