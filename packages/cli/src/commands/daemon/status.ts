// cosmos daemon status: whether cosmosd answers, and what it runs.
import { NotFound } from '@clickos/core';
import type { Command } from 'commander';
import { DaemonClient, describeEndpoint, Unreachable } from '../../daemon/client.js';
import { targetOf } from '../../daemon/connect.js';
import type { CliContext } from '../../io.js';
import { printJson, run } from '../../report.js';

export interface DaemonStatus {
  pid: number;
  version: string;
  stateDir: string;
  uptimeSeconds: number;
  instances: number;
  switch: { socket: string; available: boolean; pid?: number; reason?: string };
}

export function formatStatus(s: DaemonStatus, where: string): string {
  const sw = s.switch.available
    ? `switch on ${s.switch.socket}`
    : `no switch (${s.switch.reason ?? 'none answers'})`;
  return `cosmosd ${s.version} running, pid ${s.pid}, on ${where}\n  state ${s.stateDir}, ${s.instances} instances, ${sw}\n`;
}

export function registerDaemonStatus(daemon: Command, ctx: CliContext): void {
  daemon
    .command('status')
    .description('show whether cosmosd runs (exit status 3 when it does not)')
    .option('--json', 'print the daemon status as JSON ({running: false} when it does not run)')
    .addHelpText('after', '\nExample:\n  $ cosmos daemon status')
    .action((options: { json?: boolean }, cmd: Command) =>
      run(ctx, options.json, async () => {
        const target = targetOf(cmd);
        const client = new DaemonClient(target.endpoint);
        try {
          const s = await client.call<DaemonStatus>('GET', '/v1/daemon');
          if (options.json) printJson(ctx.io, { running: true, ...s });
          else ctx.io.out(formatStatus(s, describeEndpoint(target.endpoint)));
          return 0;
        } catch (err) {
          if (!(err instanceof Unreachable)) throw err;
          if (options.json) {
            printJson(ctx.io, { running: false, endpoint: describeEndpoint(target.endpoint) });
            return 3;
          }
          throw new NotFound(
            `cosmosd is not running (nothing answers on ${describeEndpoint(target.endpoint)})`,
          );
        }
      }),
    );
}
