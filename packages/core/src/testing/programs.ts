// Test support (not part of the package): the native programs the tests drive, found in
// $CLICKOS_BUILD_DIR/bin (default native/build/bin), and a switch each test suite starts.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const buildDir = process.env.CLICKOS_BUILD_DIR ?? join(repoRoot, 'native', 'build');

/** The program's path, or undefined (and the reason printed once) when it is not built. */
export function program(name: string): string | undefined {
  const path = join(buildDir, 'bin', name);
  if (existsSync(path)) return path;
  console.log(
    `skipping tests that need ${name}: ${path} does not exist (build it, or set CLICKOS_BUILD_DIR)`,
  );
  return undefined;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `clickos-${prefix}-`));
}

export async function waitFor(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface RunningSwitch {
  socket: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startSwitch(binary: string, dir: string): Promise<RunningSwitch> {
  const socket = join(dir, 'switch.sock');
  const p = spawn(binary, ['--socket', socket], { stdio: 'ignore' });
  await waitFor('the switch socket', () => existsSync(socket));
  return {
    socket,
    process: p,
    stop: () =>
      new Promise((resolve) => {
        if (p.exitCode !== null || p.signalCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGTERM');
      }),
  };
}

/** Descriptors of this process, by what they point to (e.g. "socket:[123]", "/memfd:port (deleted)"). */
export function ownDescriptors(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed while listing
    }
  }
  return out;
}

/** Pids of processes whose executable is `binary` (live or zombie). */
export function processesOf(binary: string): number[] {
  const exe = realpathSync(binary);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) === exe) pids.push(Number(entry));
    } catch {
      // gone, or a zombie without exe: check its stat name below
    }
  }
  return pids;
}

/** Processes of `binary` whose command line names `dir`: the ones a suite started there. */
export function processesUnder(binary: string, dir: string): number[] {
  return processesOf(binary).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false; // gone
    }
  });
}

/** Kills what a failed test left behind of `binary` under `dir`. */
export function killProcessesUnder(binary: string, dir: string): void {
  for (const pid of processesUnder(binary, dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export function removeDir(dir: string): void {
  if (dir) rmSync(dir, { recursive: true, force: true }); // '' when the suite never set up
}

/** Children of this process that ended but were not reaped. */
export function zombieChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z' && Number(f[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}
