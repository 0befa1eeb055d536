// cosmos config graph: the flattened element graph in a form people read.
import { type ConfigGraph, parseFile } from '@clickos/core';
import type { Command } from 'commander';
import { addDefinitionOptions, definitionsFrom } from '../../definitions.js';
import type { CliContext } from '../../io.js';
import { run, showResult } from '../../report.js';

interface Options {
  define: string[];
  json?: boolean;
}

/** One element per line (`name :: Class(config)`), then one connection per line (`a[0] -> [0]b`). */
export function formatGraph(graph: ConfigGraph): string {
  const lines = [`elements (${graph.elements.length}):`];
  for (const e of graph.elements) lines.push(`  ${e.name} :: ${e.class}${e.config ? `(${e.config})` : ''}`);
  lines.push(`connections (${graph.connections.length}):`);
  for (const c of graph.connections) lines.push(`  ${c.from}[${c.fromPort}] -> [${c.toPort}]${c.to}`);
  if (graph.requirements.length > 0) {
    lines.push(`requires: ${graph.requirements.map((r) => `${r.kind} ${r.name}`).join(', ')}`);
  }
  if (graph.provisions.length > 0) {
    lines.push(`provides: ${graph.provisions.map((r) => `${r.kind} ${r.name}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerGraph(config: Command, ctx: CliContext): void {
  const command = config
    .command('graph')
    .description('show the elements (name, class, configuration) and connections a configuration builds')
    .argument('<file>', 'Click configuration file');
  addDefinitionOptions(command)
    .option('--json', 'print the result ({ok, diagnostics, graph}) as JSON on stdout')
    .addHelpText(
      'after',
      `
Connections read output[port] -> [port]input, as in Click.

Examples:
  $ cosmos config graph router.click
  $ cosmos config graph router.click --json | jq '.graph.elements[].name'`,
    )
    .action((file: string, trailing: string[], options: Options) =>
      run(ctx, options.json, async () => {
        const result = await parseFile(file, { definitions: definitionsFrom(options.define, trailing) });
        return showResult(ctx.io, options.json, result, ({ graph }) => ctx.io.out(formatGraph(graph)));
      }),
    );
}
