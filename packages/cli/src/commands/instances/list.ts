// cosmos list: instances with their status, backend, configuration version, ports and labels.
import { parseLabels } from '@clickos/core';
import type { Command } from 'commander';
import { withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';
import { formatTable } from '../../table.js';

interface Info {
  name: string;
  status: string;
  backend: string;
  configVersion?: number;
  ports: Array<{ switch: string }>;
  labels: Record<string, string>;
}

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list instances')
    .option('-l, --label <KEY=VALUE,...>', 'only instances with these labels')
    .option('--json', 'print {instances: [...]} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ cosmos list
  $ cosmos list --label role=firewall
  $ cosmos list --json | jq -r '.instances[] | select(.status == "running") | .name'`,
    )
    .action((options: { label?: string; json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        let { instances } = await client.call<{ instances: Info[] }>('GET', '/v1/instances');
        if (options.label) {
          const wanted = parseLabels(options.label);
          instances = instances.filter((i) => Object.entries(wanted).every(([k, v]) => i.labels[k] === v));
        }
        if (options.json) {
          printJson(ctx.io, { instances });
          return 0;
        }
        if (instances.length === 0) {
          ctx.io.out('no instances\n');
          return 0;
        }
        ctx.io.out(
          formatTable(
            ['NAME', 'STATUS', 'BACKEND', 'CONFIG', 'PORTS', 'LABELS'],
            instances.map((i) => [
              i.name,
              i.status,
              i.backend,
              i.configVersion === undefined ? '-' : `v${i.configVersion}`,
              i.ports.map((p) => p.switch).join(',') || '-',
              Object.entries(i.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(',') || '-',
            ]),
          ),
        );
        return 0;
      }),
    );
}
