// The plugin registry of a state directory: STATE/store.db and STATE/plugins, with STATE from
// --state, $COSMOS_STATE_DIR, /var/lib/clickos as root, else $XDG_STATE_HOME/clickos (the
// same rule as cosmosd's). Plugin commands work on the files directly: installing needs no
// daemon, and the store is safe to share with one (SQLite WAL).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginRegistry, Store } from '@clickos/core';
import type { Command } from 'commander';

export function stateDirOf(command: Command, env: NodeJS.ProcessEnv = process.env): string {
  const o = command.optsWithGlobals() as { state?: string };
  if (o.state) return resolve(o.state);
  if (env.COSMOS_STATE_DIR) return resolve(env.COSMOS_STATE_DIR);
  if (process.getuid?.() === 0) return '/var/lib/clickos';
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'clickos');
}

/** Runs `body` with the registry of the command's state directory, closing the store after. */
export async function withRegistry<T>(
  command: Command,
  body: (registry: PluginRegistry) => Promise<T> | T,
): Promise<T> {
  const state = stateDirOf(command);
  const store = Store.open(join(state, 'store.db'));
  try {
    return await body(new PluginRegistry({ store, dir: join(state, 'plugins') }));
  } finally {
    store.close();
  }
}
