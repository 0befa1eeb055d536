// cosmos elements: the element classes the installed engine provides.
import { elementClasses } from '@clickos/core';
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { printJson, run } from '../report.js';

interface Options {
  json?: boolean;
}

export function registerElements(program: Command, ctx: CliContext): void {
  program
    .command('elements')
    .description('list the element classes the ClickOS engine provides')
    .option('--json', 'print {classes: [...]} as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ cosmos elements
  $ cosmos elements --json`,
    )
    .action((options: Options) =>
      run(ctx, options.json, () => {
        const classes = elementClasses();
        if (options.json) printJson(ctx.io, { classes });
        else if (classes.length === 0) ctx.io.out('the engine provides no element classes yet\n');
        else for (const c of classes) ctx.io.out(`${c.name}\n`);
        return 0;
      }),
    );
}
