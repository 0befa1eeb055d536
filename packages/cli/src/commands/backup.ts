// cosmos backup FILE / cosmos restore FILE: the control store (every instance's desired state,
// configurations, ports, switch entries, plugins, events) copied out and brought back.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { withDaemon } from '../daemon/action.js';
import type { CliContext } from '../io.js';
import { printJson } from '../report.js';

export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('write a consistent copy of the control store (taken while everything runs)')
    .argument('<file>', 'the backup file (SQLite)')
    .option('--json', 'print {file} as JSON')
    .addHelpText('after', '\nExample:\n  $ cosmos backup /var/backups/clickos-$(date +%F).db')
    .action((file: string, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const r = await client.call('POST', '/v1/backup', { file: resolve(file) });
        if (options.json) printJson(ctx.io, r);
        else ctx.io.out(`backed up to ${resolve(file)}\n`);
        return 0;
      }),
    );

  program
    .command('restore')
    .description("replace the control store with a backup: instances are stopped, then the backup's run")
    .argument('<file>', 'a file written by `cosmos backup`')
    .option('--json', 'print {file, instances} as JSON')
    .addHelpText(
      'after',
      `
Every running instance is stopped, the store is replaced (the backup is checked first: a
damaged or foreign file changes nothing), and the instances the backup wants running start.

Example:
  $ cosmos restore /var/backups/clickos-2026-12-01.db`,
    )
    .action((file: string, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const r = await client.call<{ instances: Array<{ name: string; status: string }> }>(
          'POST',
          '/v1/restore',
          {
            file: resolve(file),
          },
        );
        if (options.json) printJson(ctx.io, r);
        else {
          const running = r.instances.filter((i) => i.status === 'running').length;
          ctx.io.out(`restored ${resolve(file)}: ${r.instances.length} instances, ${running} running\n`);
        }
        return 0;
      }),
    );
}
