// cosmos daemon stop: stop cosmosd (instances keep running unless --stop-instances).
import { existsSync } from 'node:fs';
import { NotFound } from '@clickos/core';
import type { Command } from 'commander';
import { DaemonClient, describeEndpoint, Unreachable } from '../../daemon/client.js';
import { targetOf } from '../../daemon/connect.js';
import type { CliContext } from '../../io.js';
import { printJson, run } from '../../report.js';

interface Options {
  stopInstances?: boolean;
  stopSwitch?: boolean;
  json?: boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function registerDaemonStop(daemon: Command, ctx: CliContext): void {
  daemon
    .command('stop')
    .description('stop cosmosd; instances keep running (the next daemon adopts them) unless --stop-instances')
    .option(
      '--stop-instances',
      'stop every instance too (they start again with the next daemon if wanted running)',
    )
    .option('--stop-switch', 'stop the switch too')
    .option('--json', 'print {stopped, pid} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosmos daemon stop\n  $ cosmos daemon stop --stop-instances --stop-switch',
    )
    .action((options: Options, cmd: Command) =>
      run(ctx, options.json, async () => {
        const target = targetOf(cmd);
        const client = new DaemonClient(target.endpoint);
        let pid: number;
        try {
          ({ pid } = await client.call<{ pid: number }>('POST', '/v1/daemon/shutdown', {
            stopInstances: options.stopInstances ?? false,
            stopSwitch: options.stopSwitch ?? false,
          }));
        } catch (err) {
          if (err instanceof Unreachable)
            throw new NotFound(
              `cosmosd is not running (nothing answers on ${describeEndpoint(target.endpoint)})`,
            );
          throw err;
        }
        // Wait until it is gone, so a following `daemon start` gets a new one.
        const until = Date.now() + 30_000;
        const socket = 'socket' in target.endpoint ? target.endpoint.socket : undefined;
        while (Date.now() < until && (alive(pid) || (socket !== undefined && existsSync(socket)))) {
          await new Promise((r) => setTimeout(r, 25));
        }
        if (options.json) printJson(ctx.io, { stopped: !alive(pid), pid });
        else ctx.io.out(`cosmosd (pid ${pid}) stopped\n`);
        return 0;
      }),
    );
}
