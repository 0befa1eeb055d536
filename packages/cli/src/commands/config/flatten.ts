// cosmos config flatten: expand compound elements and parameters into a flat Click configuration.
import { writeFile } from 'node:fs/promises';
import { flattenFile, UsageError } from '@clickos/core';
import type { Command } from 'commander';
import { addDefinitionOptions, definitionsFrom } from '../../definitions.js';
import type { CliContext } from '../../io.js';
import { run, showResult } from '../../report.js';

interface Options {
  output?: string;
  define: string[];
  json?: boolean;
}

async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new UsageError(`cannot write '${path}': ${(err as Error).message}`, { cause: err });
  }
}

export function registerFlatten(config: Command, ctx: CliContext): void {
  const command = config
    .command('flatten')
    .description('print a configuration with compound elements expanded and $parameters substituted')
    .argument('<file>', 'Click configuration file');
  addDefinitionOptions(command)
    .option('-o, --output <file>', "write the flat configuration to <file> ('-' for stdout)")
    .option('--json', 'print the result ({ok, diagnostics, text}) as JSON on stdout')
    .addHelpText(
      'after',
      `
The output declares every primitive element, then lists the connections; anonymous
elements are named Class@N. Nothing is written when the configuration has errors.

Examples:
  $ cosmos config flatten router.click
  $ cosmos config flatten router.click DEV=eth0 -o router.flat.click`,
    )
    .action((file: string, trailing: string[], options: Options) =>
      run(ctx, options.json, async () => {
        const result = await flattenFile(file, { definitions: definitionsFrom(options.define, trailing) });
        const toFile = options.output !== undefined && options.output !== '-';
        if (result.ok && toFile && options.output) await writeOutput(options.output, result.text);
        return showResult(ctx.io, options.json, result, ({ text }) => {
          if (!toFile) ctx.io.out(text);
        });
      }),
    );
}
