// cosmos start: install a configuration (checked, stored, hot-swapped if the instance runs)
// and run the instance, Cosmos style: start INSTANCE CONFIG.click [NAME=VALUE...].
import { readFileSync } from 'node:fs';
import { StartBody } from '@clickos/api/schemas';
import { NotFound, UsageError, validate } from '@clickos/core';
import type { Command } from 'commander';
import { seg } from '../../daemon/action.js';
import { connect } from '../../daemon/connect.js';
import { addDefinitionOptions, definitionsFrom } from '../../definitions.js';
import type { CliContext } from '../../io.js';
import { printJson, run } from '../../report.js';

interface Options {
  define: string[];
  json?: boolean;
}

export function registerStart(program: Command, ctx: CliContext): void {
  const command = program
    .command('start')
    .description('install a configuration into an instance and run it (without one: run the installed one)')
    .argument('<instance>', 'instance name')
    .argument('[config]', 'Click configuration file');
  addDefinitionOptions(command)
    .option('--json', 'print the instance (and the install result) as JSON')
    .addHelpText(
      'after',
      `
The configuration is checked first: errors are printed as file:line:col: message and nothing
changes. A running instance takes it in place (hot-swap: element state is kept where classes
and names match); one that cannot is restarted with it.

Examples:
  $ cosmos start fw1 firewall.click
  $ cosmos start fw1 firewall.click RULES=rules.txt -D DEV=0
  $ cosmos start fw1`,
    )
    .action(
      (instance: string, file: string | undefined, trailing: string[], options: Options, cmd: Command) =>
        run(ctx, options.json, async () => {
          if (file !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(file)) {
            throw new UsageError(
              `'${file}' is a definition: give the configuration file first (start INSTANCE CONFIG NAME=VALUE)`,
            );
          }
          const definitions = definitionsFrom(options.define, trailing);
          let body: Record<string, unknown> = {};
          if (file !== undefined) {
            let text: string;
            try {
              text = readFileSync(file, 'utf8');
            } catch (err) {
              throw new NotFound(`cannot read '${file}': ${(err as Error).message}`);
            }
            body = { text, definitions, filename: file };
          } else if (Object.keys(definitions).length > 0) {
            throw new UsageError(
              'definitions apply to a configuration: give its file (start INSTANCE CONFIG NAME=VALUE)',
            );
          }
          validate(StartBody, body, 'start request');
          const client = await connect(cmd);
          const info = await client.call<{
            status: string;
            configVersion?: number;
            installed?: { mode: string };
          }>('POST', `/v1/instances/${seg(instance)}/start`, body);
          if (options.json) printJson(ctx.io, info);
          else {
            const how = info.installed
              ? ` (configuration version ${info.configVersion}, ${info.installed.mode})`
              : '';
            ctx.io.out(`${instance} ${info.status}${how}\n`);
          }
          return 0;
        }),
    );
}
