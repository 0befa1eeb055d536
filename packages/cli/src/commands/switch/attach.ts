// cosmos switch attach SWITCH --nic IF | --tap IF: a Linux interface as a switch port.
import { AttachBody } from '@clickos/api/schemas';
import { UsageError, validate } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

interface Options {
  nic?: string;
  tap?: string;
  xdp?: boolean;
  busy?: boolean;
  json?: boolean;
}

export function registerAttach(sw: Command, ctx: CliContext): void {
  sw.command('attach')
    .description('attach an existing interface (--nic, AF_PACKET or --xdp) or a new TAP interface (--tap)')
    .argument('<switch>', 'switch name, e.g. vale0')
    .option('--nic <ifname>', 'an existing Linux interface')
    .option('--tap <ifname>', 'a new TAP interface the switch creates')
    .option('--xdp', 'with --nic: AF_XDP instead of AF_PACKET')
    .option('--busy', 'busy-poll the port (a spinning core; for latency-critical ports)')
    .option('--json', 'print {switch, port, kind, ifname} as JSON')
    .addHelpText(
      'after',
      '\nNeeds root (the switch opens the interface).\n\nExamples:\n  $ cosmos switch attach vale0 --nic veth0\n  $ cosmos switch attach vale0 --nic eth1 --xdp\n  $ cosmos switch attach vale1 --tap tap0',
    )
    .action((name: string, options: Options, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        if ((options.nic === undefined) === (options.tap === undefined)) {
          throw new UsageError('give exactly one of --nic IFNAME or --tap IFNAME');
        }
        if (options.xdp && options.tap) throw new UsageError('--xdp applies to --nic only');
        const body = validate(
          AttachBody,
          {
            kind: options.nic ? 'nic' : 'tap',
            ifname: options.nic ?? options.tap,
            ...(options.xdp ? { mode: 'xdp' } : {}),
            ...(options.busy ? { busy: true } : {}),
          },
          'port',
        );
        const r = await client.call<{ port: number }>('POST', `/v1/switches/${seg(name)}/ports`, body);
        if (options.json) printJson(ctx.io, r);
        else ctx.io.out(`attached ${body.ifname} to ${name} as port ${r.port}\n`);
        return 0;
      }),
    );
}
