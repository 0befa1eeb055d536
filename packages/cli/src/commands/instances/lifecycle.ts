// cosmos destroy/stop/suspend/resume: one file per verb would repeat the same ten lines; the
// verbs differ only in their route and their help, declared here as data.
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

interface Verb {
  name: 'destroy' | 'stop' | 'suspend' | 'resume';
  description: string;
  done: string;
  help: string;
  example: string;
}

const VERBS: Verb[] = [
  {
    name: 'destroy',
    description: 'stop instances and release everything they had (ports, cgroups, stored state)',
    done: 'destroyed',
    help: 'The instance and its stored configurations are gone; its switch ports are freed.',
    example: 'cosmos destroy fw1 fw2',
  },
  {
    name: 'stop',
    description: 'stop instances (they stay defined, with their configuration)',
    done: 'stopped',
    help: 'A stopped instance is not restarted by the daemon; `cosmos start NAME` runs it again.',
    example: 'cosmos stop fw1',
  },
  {
    name: 'suspend',
    description: 'freeze running instances, keeping their state in memory',
    done: 'suspended',
    help: 'A suspended instance uses no CPU and does not answer handlers until resumed.',
    example: 'cosmos suspend fw1',
  },
  {
    name: 'resume',
    description: 'continue suspended instances',
    done: 'resumed',
    help: 'The instance continues where it was frozen.',
    example: 'cosmos resume fw1',
  },
];

export function registerLifecycle(program: Command, ctx: CliContext): void {
  for (const verb of VERBS) {
    program
      .command(verb.name)
      .description(verb.description)
      .argument('<names...>', 'instance names')
      .option('--json', 'print the result as JSON')
      .addHelpText('after', `\n${verb.help}\n\nExample:\n  $ ${verb.example}`)
      .action((names: string[], options: { json?: boolean }, cmd: Command) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          const results: unknown[] = [];
          for (const name of names) {
            if (verb.name === 'destroy') {
              await client.call('DELETE', `/v1/instances/${seg(name)}`);
              results.push({ name, destroyed: true });
            } else {
              results.push(await client.call('POST', `/v1/instances/${seg(name)}/${verb.name}`));
            }
            if (!options.json) ctx.io.out(`${verb.done} ${name}\n`);
          }
          if (options.json) printJson(ctx.io, names.length === 1 ? results[0] : results);
          return 0;
        }),
      );
  }
}
