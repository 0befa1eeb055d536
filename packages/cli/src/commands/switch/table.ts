// cosmos switch table SWITCH [add MAC PORT | remove MAC]: the MAC table, static entries.
import { Mac, TableAddBody } from '@clickos/api/schemas';
import { UsageError, validate } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';
import { formatTable } from '../../table.js';

export function registerTable(sw: Command, ctx: CliContext): void {
  sw.command('table')
    .description("show a switch's MAC table, or add/remove a static entry")
    .argument('<switch>', 'switch name')
    .argument('[action]', '"add" or "remove"')
    .argument('[mac]', 'MAC address')
    .argument('[port]', 'port number (add)')
    .option('--json', 'print {entries: [...]} (or the change) as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosmos switch table vale0\n  $ cosmos switch table vale0 add 02:00:00:00:00:01 3\n  $ cosmos switch table vale0 remove 02:00:00:00:00:01',
    )
    .action(
      (
        name: string,
        action: string | undefined,
        mac: string | undefined,
        port: string | undefined,
        options: { json?: boolean },
        cmd: Command,
      ) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          if (action === undefined) {
            const { entries } = await client.call<{ entries: Array<Record<string, unknown>> }>(
              'GET',
              `/v1/switches/${seg(name)}/table`,
            );
            if (options.json) printJson(ctx.io, { entries });
            else if (entries.length === 0) ctx.io.out('no entries\n');
            else
              ctx.io.out(
                formatTable(
                  ['MAC', 'PORT', 'KIND'],
                  entries.map((e) => [String(e.mac), String(e.port), e.static ? 'static' : 'learned']),
                ),
              );
            return 0;
          }
          if (action === 'add') {
            if (mac === undefined || port === undefined || !/^\d+$/.test(port)) {
              throw new UsageError('usage: cosmos switch table SWITCH add MAC PORT');
            }
            const body = validate(TableAddBody, { mac, port: Number(port) }, 'table entry');
            const r = await client.call('POST', `/v1/switches/${seg(name)}/table`, body);
            if (options.json) printJson(ctx.io, r);
            else ctx.io.out(`${mac} -> port ${port} on ${name}\n`);
            return 0;
          }
          if (action === 'remove') {
            if (mac === undefined || port !== undefined)
              throw new UsageError('usage: cosmos switch table SWITCH remove MAC');
            validate(Mac, mac, 'MAC address');
            await client.call('DELETE', `/v1/switches/${seg(name)}/table/${seg(mac)}`);
            if (options.json) printJson(ctx.io, { switch: name, mac, removed: true });
            else ctx.io.out(`removed ${mac} from ${name}\n`);
            return 0;
          }
          throw new UsageError(`unknown table action '${action}': expected add or remove`);
        }),
    );
}
