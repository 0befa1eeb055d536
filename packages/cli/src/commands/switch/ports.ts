// cosmos switch ports [SWITCH]: every port with its kind, name and counters.
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';
import { formatTable } from '../../table.js';

export function registerPorts(sw: Command, ctx: CliContext): void {
  sw.command('ports')
    .description('list ports (of one switch, or all) with their counters')
    .argument('[switch]', 'switch name, e.g. vale0')
    .option('--json', 'print {ports: [...]} as JSON')
    .addHelpText('after', '\nExamples:\n  $ cosmos switch ports\n  $ cosmos switch ports vale0 --json')
    .action((name: string | undefined, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const path = name === undefined ? '/v1/switches/ports' : `/v1/switches/${seg(name)}/ports`;
        const { ports } = await client.call<{ ports: Array<Record<string, unknown>> }>('GET', path);
        if (options.json) printJson(ctx.io, { ports });
        else if (ports.length === 0) ctx.io.out('no ports\n');
        else
          ctx.io.out(
            formatTable(
              ['PORT', 'SWITCH', 'KIND', 'NAME', 'RX', 'TX', 'DROPS', 'CAPTURE'],
              ports.map((p) => [
                String(p.port),
                String(p.switch),
                String(p.kind),
                String(p.name || '-'),
                String(p.rx_packets),
                String(p.tx_packets),
                String(p.tx_drops),
                p.capture ? String(p.capture) : '-',
              ]),
            ),
          );
        return 0;
      }),
    );
}
