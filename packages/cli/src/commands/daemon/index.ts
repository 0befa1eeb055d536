// cosmos daemon start|stop|status: the cosmosd that owns the instances of a state directory.
import type { Command } from 'commander';
import type { CliContext } from '../../io.js';
import { registerDaemonStart } from './start.js';
import { registerDaemonStatus } from './status.js';
import { registerDaemonStop } from './stop.js';

export function registerDaemon(program: Command, ctx: CliContext): void {
  const daemon = program
    .command('daemon')
    .description('start, stop or show cosmosd (other commands start it when it is not running)')
    .addHelpText(
      'after',
      `
The daemon of a state directory (--state, $COSMOS_STATE_DIR) listens on STATE/cosmosd.sock
(--socket, $COSMOS_SOCKET). Stopping it leaves instances running; the next daemon adopts them.

Examples:
  $ cosmos daemon status
  $ cosmos daemon start --tcp 127.0.0.1:7070 --token-file /etc/clickos/token
  $ cosmos daemon stop --stop-instances`,
    );
  registerDaemonStart(daemon, ctx);
  registerDaemonStop(daemon, ctx);
  registerDaemonStatus(daemon, ctx);
}
