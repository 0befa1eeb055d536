// The switch cosmosd uses: one already answering on the socket, else a clickos-switch it
// starts itself (detached: the switch, like the instances, outlives a daemon restart).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchClient } from '@clickos/core';

const PROGRAM = 'clickos-switch';

/** $CLICKOS_SWITCH_BIN, else $CLICKOS_BUILD_DIR/bin, else native/build/bin above this module. */
export function findSwitchBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CLICKOS_SWITCH_BIN)
    return existsSync(env.CLICKOS_SWITCH_BIN) ? resolve(env.CLICKOS_SWITCH_BIN) : undefined;
  if (env.CLICKOS_BUILD_DIR) {
    const p = join(resolve(env.CLICKOS_BUILD_DIR), 'bin', PROGRAM);
    return existsSync(p) ? p : undefined;
  }
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const p = join(dir, 'native', 'build', 'bin', PROGRAM);
    if (existsSync(p)) return p;
    if (dir === parsePath(dir).root) return undefined;
  }
}

export interface SwitchStatus {
  socket: string;
  /** Whether a switch answers there. */
  available: boolean;
  /** The pid of the switch this daemon started, if it started one. */
  pid?: number;
  /** Why there is no switch, when there is none. */
  reason?: string;
}

function answers(socket: string): boolean {
  if (!existsSync(socket)) return false;
  try {
    new SwitchClient(socket, 1000).switches();
    return true;
  } catch {
    return false;
  }
}

/** Uses the switch at `socket`, or starts one there when `binary` exists. */
export async function ensureSwitch(
  socket: string,
  logFile: string,
  binary = findSwitchBinary(),
  extraArgs: string[] = [],
): Promise<SwitchStatus> {
  if (answers(socket)) return { socket, available: true };
  if (!binary) {
    return {
      socket,
      available: false,
      reason: `no switch answers on ${socket} and ${PROGRAM} is not built (set CLICKOS_SWITCH_BIN or CLICKOS_BUILD_DIR)`,
    };
  }
  mkdirSync(dirname(socket), { recursive: true });
  if (existsSync(socket)) unlinkSync(socket); // a dead switch's socket
  const log = openSync(logFile, 'a');
  const child = spawn(binary, ['--socket', socket, ...extraArgs], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  child.unref();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const until = Date.now() + 5000;
  while (Date.now() < until && !gone) {
    if (answers(socket)) return { socket, available: true, pid: child.pid as number };
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!gone) child.kill('SIGKILL');
  return { socket, available: false, reason: `${binary} did not come up on ${socket} (see ${logFile})` };
}
