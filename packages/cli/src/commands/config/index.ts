// cosmos config: the commands that work on Click configuration files.
import type { Command } from 'commander';
import type { CliContext } from '../../io.js';
import { registerCheck } from './check.js';
import { registerFlatten } from './flatten.js';
import { registerGraph } from './graph.js';

export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program
    .command('config')
    .description('check, flatten and inspect Click configuration files')
    .addHelpText(
      'after',
      `
Definitions (-D NAME=VALUE, or NAME=VALUE after the file) give values to $NAME parameters.

Examples:
  $ cosmos config check router.click
  $ cosmos config flatten router.click DEV=eth0
  $ cosmos config graph router.click`,
    );
  registerCheck(config, ctx);
  registerFlatten(config, ctx);
  registerGraph(config, ctx);
}
