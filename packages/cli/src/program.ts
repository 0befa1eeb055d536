// The cosmos program: commander's root command with every subcommand registered.
import { readFileSync } from 'node:fs';
import { ExitCode } from '@clickos/core';
import { Command, CommanderError } from 'commander';
import { registerConfig } from './commands/config/index.js';
import { registerElements } from './commands/elements.js';
import { registerPlugin } from './commands/plugin/index.js';
import { type CliContext, type Io, processIo } from './io.js';
import { reportError } from './report.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The root command. Commander never exits the process: it throws CommanderError (see runCli). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cosmos')
    .description('Operate ClickOS: check, flatten and inspect Click router configurations.')
    .version(version, '-V, --version', 'print the cosmos version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.io.out(text), writeErr: (text) => ctx.io.err(text) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Every command takes --json to print one JSON document on stdout. Exit status: 0 ok,
1 configuration errors, 2 bad usage, 3 not found, 4 conflict, 5 engine failure.

Examples:
  $ cosmos config check router.click
  $ cosmos config flatten router.click -o router.flat.click
  $ cosmos elements`,
    );
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
