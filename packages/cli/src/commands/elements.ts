// cosmos elements [NAME]: the element classes the installed engine provides, with the
// documentation written in their headers.
import { type ElementClass, elementClasses, NotFound } from '@clickos/core';
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { printJson, run } from '../report.js';

interface Options {
  json?: boolean;
}

function describe(c: ElementClass): string {
  const d = c.documentation;
  let s = `${c.synopsis || c.name}\n  ${c.summary}\n`;
  s += `  category: ${c.category || '-'}; ports: ${c.ports || c.portCount} (${c.portCount}, ${c.processing})\n`;
  if (c.package) s += `  package: ${c.package}\n`;
  if (c.requiresLibrary) s += `  needs library: ${c.requiresLibrary}\n`;
  if (d.description) s += `\n${d.description.replace(/^/gm, '  ')}\n`;
  const table = (title: string, rows: ElementClass['documentation']['args']) => {
    if (rows.length === 0) return '';
    const width = Math.max(...rows.map((r) => r.name.length));
    return `\n  ${title}:\n${rows.map((r) => `    ${r.name.padEnd(width)}  ${r.kind ? `(${r.kind}) ` : ''}${r.text}`).join('\n')}\n`;
  };
  s += table('arguments', d.args);
  s += table('handlers', d.handlers);
  if (d.see.length) s += `\n  see also: ${d.see.join(', ')}\n`;
  return s;
}

export function registerElements(program: Command, ctx: CliContext): void {
  program
    .command('elements')
    .argument('[name]', 'show one class in detail')
    .description('list the element classes the ClickOS engine provides, or document one of them')
    .option('--json', 'print the classes (or the one class) as JSON on stdout')
    .addHelpText(
      'after',
      `
Without NAME, prints one line per class: its name and summary. With NAME, prints the
class's synopsis, ports, description, arguments and handlers.

Examples:
  $ cosmos elements
  $ cosmos elements Queue
  $ cosmos elements --json | jq '.classes[].name'`,
    )
    .action((name: string | undefined, options: Options) =>
      run(ctx, options.json, () => {
        const classes = elementClasses();
        if (name !== undefined) {
          const c = classes.find((x) => x.name === name);
          if (!c) throw new NotFound(`no element class '${name}' (see \`cosmos elements\` for the list)`);
          if (options.json) printJson(ctx.io, c);
          else ctx.io.out(describe(c));
          return 0;
        }
        if (options.json) {
          printJson(ctx.io, { classes });
          return 0;
        }
        const width = Math.max(0, ...classes.map((c) => c.name.length));
        for (const c of classes) ctx.io.out(`${c.name.padEnd(width)}  ${c.summary}\n`);
        return 0;
      }),
    );
}
