// cosmos daemon start: start cosmosd in the background (nothing happens if it runs).
import { resolve } from 'node:path';
import { CpuList, UsageError } from '@clickos/core';
import type { Command } from 'commander';
import { DaemonClient, describeEndpoint, Unreachable } from '../../daemon/client.js';
import { startDaemon, targetOf } from '../../daemon/connect.js';
import type { CliContext } from '../../io.js';
import { printJson, run } from '../../report.js';
import { type DaemonStatus, formatStatus } from './status.js';

interface Options {
  tcp?: string;
  tokenFile?: string;
  switchSocket?: string;
  switch?: boolean;
  switchCpus?: string;
  instanceCpus?: string;
  json?: boolean;
}

export function registerDaemonStart(daemon: Command, ctx: CliContext): void {
  daemon
    .command('start')
    .description('start cosmosd in the background (its log goes to STATE/cosmosd.log)')
    .option('--tcp <host:port>', 'also serve the API on this loopback address (needs --token-file)')
    .option('--token-file <file>', 'the bearer token TCP clients must send')
    .option('--switch-socket <path>', "the switch's control socket (default STATE/switch.sock)")
    .option('--no-switch', 'do not start clickos-switch when none answers')
    .option('--switch-cpus <list>', 'run the switch cosmosd starts on these CPUs (e.g. 0)')
    .option('--instance-cpus <list>', 'run instances that name no CPUs (resources.cpus) on these (e.g. 1)')
    .option('--json', 'print the daemon status as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosmos daemon start\n  $ cosmos --state /tmp/lab daemon start --tcp 127.0.0.1:7070 --token-file token\n  $ cosmos daemon start --switch-cpus 0 --instance-cpus 1   # the switch keeps CPU 0 to itself',
    )
    .action((options: Options, cmd: Command) =>
      run(ctx, options.json, async () => {
        for (const [option, list] of [
          ['--switch-cpus', options.switchCpus],
          ['--instance-cpus', options.instanceCpus],
        ] as const) {
          if (list !== undefined && !CpuList.safeParse(list).success)
            throw new UsageError(`invalid ${option} '${list}' (expected a CPU list like 0, 0-1 or 0,2)`);
        }
        const target = targetOf(cmd);
        let client = new DaemonClient(target.endpoint);
        let started = false;
        try {
          await client.call('GET', '/v1/daemon');
          if (options.tcp || options.switchCpus !== undefined || options.instanceCpus !== undefined)
            throw new UsageError('cosmosd already runs: stop it first to change how it listens or places');
        } catch (err) {
          if (!(err instanceof Unreachable)) throw err;
          const args: string[] = [];
          if (options.tcp) args.push('--tcp', options.tcp);
          // The command-wide --token-file names the token cosmosd checks here.
          const tokenFile = options.tokenFile ?? (cmd.optsWithGlobals() as { tokenFile?: string }).tokenFile;
          if (tokenFile) args.push('--token-file', resolve(tokenFile));
          if (options.switchSocket) args.push('--switch-socket', resolve(options.switchSocket));
          if (options.switch === false) args.push('--no-switch');
          if (options.switchCpus !== undefined) args.push('--switch-cpus', options.switchCpus);
          if (options.instanceCpus !== undefined) args.push('--instance-cpus', options.instanceCpus);
          client = await startDaemon(target, args);
          started = true;
        }
        const s = await client.call<DaemonStatus>('GET', '/v1/daemon');
        if (options.json) printJson(ctx.io, { started, ...s });
        else
          ctx.io.out(
            `${started ? '' : 'already running: '}${formatStatus(s, describeEndpoint(target.endpoint))}`,
          );
        return 0;
      }),
    );
}
