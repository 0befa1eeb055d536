// cosmos read / cosmos write: Click handlers of a running instance, through the daemon.
import { HandlerName } from '@clickos/api/schemas';
import { validate } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

/** ELEMENT HANDLER as Click's handler name; "-" (or no handler) for global handlers. */
export function handlerName(element: string, handler: string | undefined): string {
  if (handler === undefined) return element;
  return element === '-' || element === '' ? handler : `${element}.${handler}`;
}

export function registerRead(program: Command, ctx: CliContext): void {
  program
    .command('read')
    .description("read a handler of a running instance (prints the handler's value as it is)")
    .argument('<instance>', 'instance name')
    .argument('<element>', 'element name, "-" for a global handler (or ELEMENT.HANDLER alone)')
    .argument('[handler]', 'handler name')
    .option('--params <text>', 'parameters for handlers that take them (Click READ with data)')
    .option('--json', 'print {name, handler, value} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ cosmos read fw1 c count
  $ cosmos read fw1 c.count
  $ cosmos read fw1 - config`,
    )
    .action(
      (
        instance: string,
        element: string,
        handler: string | undefined,
        options: { params?: string; json?: boolean },
        cmd: Command,
      ) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          const name = validate(HandlerName, handlerName(element, handler), 'handler name');
          const query = options.params !== undefined ? `?params=${encodeURIComponent(options.params)}` : '';
          const r = await client.call<{ value: string }>(
            'GET',
            `/v1/instances/${seg(instance)}/handlers/${seg(name)}${query}`,
          );
          if (options.json) printJson(ctx.io, r);
          else ctx.io.out(r.value.endsWith('\n') || r.value === '' ? r.value : `${r.value}\n`);
          return 0;
        }),
    );
}

export function registerWrite(program: Command, ctx: CliContext): void {
  program
    .command('write')
    .description('write a handler of a running instance')
    .argument('<instance>', 'instance name')
    .argument('<element>', 'element name, "-" for a global handler')
    .argument('<handler>', 'handler name')
    .argument('[value...]', 'the value (several words are joined by spaces; none: an empty value)')
    .option('--json', 'print {name, handler, warnings} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ cosmos write fw1 q capacity 1000
  $ cosmos write fw1 c reset
  $ cosmos write rt1 rt add 10.0.0.0/8 1`,
    )
    .action(
      (
        instance: string,
        element: string,
        handler: string,
        value: string[],
        options: { json?: boolean },
        cmd: Command,
      ) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          const name = validate(HandlerName, handlerName(element, handler), 'handler name');
          const r = await client.call<{ warnings: string[] }>(
            'PUT',
            `/v1/instances/${seg(instance)}/handlers/${seg(name)}`,
            {
              value: value.join(' '),
            },
          );
          if (options.json) printJson(ctx.io, r);
          else for (const w of r.warnings) ctx.io.err(`warning: ${w}\n`);
          return 0;
        }),
    );
}
