// cosmos config check: report a configuration's errors and warnings, like Click's tools do.
import { checkFile } from '@clickos/core';
import type { Command } from 'commander';
import { addDefinitionOptions, definitionsFrom } from '../../definitions.js';
import type { CliContext } from '../../io.js';
import { run, showResult } from '../../report.js';

interface Options {
  syntax?: boolean;
  define: string[];
  json?: boolean;
}

export function registerCheck(config: Command, ctx: CliContext): void {
  const command = config
    .command('check')
    .description('check a Click configuration and report its errors as file:line:col: message')
    .argument('<file>', 'Click configuration file');
  addDefinitionOptions(command)
    .option('--syntax', 'check the syntax only, not what depends on the element classes')
    .option('--json', 'print the result ({ok, diagnostics}) as JSON on stdout')
    .addHelpText(
      'after',
      `
Exit status is 0 when the configuration has no errors (warnings are printed but allowed),
1 when it has errors.

Examples:
  $ cosmos config check router.click
  $ cosmos config check --syntax -D DEV=eth0 router.click
  $ cosmos config check router.click DEV=eth0 RATE=1000`,
    )
    .action((file: string, trailing: string[], options: Options) =>
      run(ctx, options.json, async () => {
        const result = await checkFile(file, {
          definitions: definitionsFrom(options.define, trailing),
          syntaxOnly: options.syntax ?? false,
        });
        return showResult(ctx.io, options.json, result, () => ctx.io.out(`${file}: ok\n`));
      }),
    );
}
