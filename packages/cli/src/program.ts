// The cosmos program: commander's root command with every subcommand registered.
import { readFileSync } from 'node:fs';
import { ExitCode } from '@clickos/core';
import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup.js';
import { registerChainCommands } from './commands/chains/apply.js';
import { registerConfig } from './commands/config/index.js';
import { registerDaemon } from './commands/daemon/index.js';
import { registerElements } from './commands/elements.js';
import { registerPlugin } from './commands/plugin/index.js';
import { registerCreate } from './commands/instances/create.js';
import { registerRead, registerWrite } from './commands/instances/handlers.js';
import { registerLifecycle } from './commands/instances/lifecycle.js';
import { registerList } from './commands/instances/list.js';
import { registerLogs } from './commands/instances/logs.js';
import { registerStart } from './commands/instances/start.js';
import { registerStats } from './commands/instances/stats.js';
import { registerSwitch } from './commands/switch/index.js';
import { type CliContext, type Io, processIo } from './io.js';
import { reportError } from './report.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The root command. Commander never exits the process: it throws CommanderError (see runCli). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cosmos')
    .description(
      'Operate ClickOS: instances, their configurations and handlers, the switch, and Click files.',
    )
    .version(version, '-V, --version', 'print the cosmos version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.io.out(text), writeErr: (text) => ctx.io.err(text) })
    .showHelpAfterError('(add --help for usage)')
    .option(
      '--state <dir>',
      'state directory of the daemon (default $COSMOS_STATE_DIR, /var/lib/clickos as root)',
    )
    .option('--socket <path>', "the daemon's unix socket (default $COSMOS_SOCKET or STATE/cosmosd.sock)")
    .option(
      '--url <url>',
      'a daemon on loopback TCP instead, e.g. http://127.0.0.1:7070 (default $COSMOS_URL)',
    )
    .option('--token-file <file>', 'the bearer token for --url (default $COSMOS_TOKEN_FILE or $COSMOS_TOKEN)')
    .option('--no-autostart', 'do not start the daemon when it is not running (also $COSMOS_NO_AUTOSTART=1)')
    .addHelpText(
      'after',
      `
Instance commands go through cosmosd, the daemon that owns the instances (it is started
when it is not running). Every command takes --json to print one JSON document on stdout.
Exit status: 0 ok, 1 configuration errors, 2 bad usage, 3 not found, 4 conflict,
5 engine, daemon or backend failure.

Examples:
  $ cosmos create fw1 --port vale0 --port vale1
  $ cosmos start fw1 firewall.click
  $ cosmos read fw1 c count
  $ cosmos list
  $ cosmos config check router.click`,
    );
  registerCreate(program, ctx);
  registerStart(program, ctx);
  registerLifecycle(program, ctx);
  registerRead(program, ctx);
  registerWrite(program, ctx);
  registerList(program, ctx);
  registerStats(program, ctx);
  registerLogs(program, ctx);
  registerSwitch(program, ctx);
  registerChainCommands(program, ctx);
  registerBackup(program, ctx);
  registerDaemon(program, ctx);
  registerConfig(program, ctx);
  registerElements(program, ctx);
  registerPlugin(program, ctx);
  return program;
}

/** Runs cosmos with `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: ExitCode.Ok };
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    // Commander has already printed its message (or the help, or the version).
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    return reportError(io, err, false);
  }
}
