// Where cosmosd keeps its state and listens, shared by the daemon and the CLI so both find
// the same socket: $COSMOS_STATE_DIR, else /var/lib/clickos for root, else
// $XDG_STATE_HOME/clickos (~/.local/state/clickos). The socket is $COSMOS_SOCKET, else
// STATE/cosmosd.sock.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COSMOS_STATE_DIR) return resolve(env.COSMOS_STATE_DIR);
  if (process.getuid?.() === 0) return '/var/lib/clickos';
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'clickos');
}

export function defaultSocket(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.COSMOS_SOCKET ? resolve(env.COSMOS_SOCKET) : join(stateDir, 'cosmosd.sock');
}

/** The files of a state directory. */
export function stateFiles(stateDir: string) {
  return {
    store: join(stateDir, 'store.db'),
    instances: join(stateDir, 'instances'),
    switchSocket: join(stateDir, 'switch.sock'),
    switchLog: join(stateDir, 'switch.log'),
    daemonLog: join(stateDir, 'cosmosd.log'),
    lock: join(stateDir, 'cosmosd.pid'),
  };
}
