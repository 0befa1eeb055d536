// cosmos switch detach PORT: remove a port from its switch.
import { UsageError } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

export function registerDetach(sw: Command, ctx: CliContext): void {
  sw.command('detach')
    .description('detach a port (see `cosmos switch ports` for numbers)')
    .argument('<port>', 'port number')
    .option('--json', 'print {port, detached} as JSON')
    .addHelpText('after', '\nExample:\n  $ cosmos switch detach 3')
    .action((port: string, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        if (!/^\d+$/.test(port)) throw new UsageError(`invalid port '${port}': expected a port number`);
        await client.call('DELETE', `/v1/switches/ports/${seg(port)}`);
        if (options.json) printJson(ctx.io, { port: Number(port), detached: true });
        else ctx.io.out(`detached port ${port}\n`);
        return 0;
      }),
    );
}
