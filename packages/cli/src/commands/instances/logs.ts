// cosmos logs: an instance's log (its standard error), or the daemon's events about it;
// --follow streams new events as they happen.
import { UsageError } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

interface Event {
  id: number;
  at: string;
  instance?: string;
  kind: string;
  detail: Record<string, unknown>;
}

const formatEvent = (e: Event) =>
  `${e.at} ${e.instance ?? '-'} ${e.kind}${Object.keys(e.detail).length ? ` ${JSON.stringify(e.detail)}` : ''}\n`;

export function registerLogs(program: Command, ctx: CliContext): void {
  program
    .command('logs')
    .description(
      "an instance's log lines, or with --events the daemon's events (created, started, crashed...)",
    )
    .argument('[instance]', 'instance name (with --events: all instances when omitted)')
    .option('-n, --lines <N>', 'how many lines or events', '100')
    .option('-e, --events', 'show events instead of the log')
    .option('-f, --follow', 'with --events: keep printing new events (Ctrl-C ends)')
    .option('--json', 'print the lines or events as JSON (one document; with --follow one line per event)')
    .addHelpText(
      'after',
      `
Examples:
  $ cosmos logs fw1
  $ cosmos logs fw1 --events
  $ cosmos logs --events --follow`,
    )
    .action(
      (
        instance: string | undefined,
        options: { lines: string; events?: boolean; follow?: boolean; json?: boolean },
        cmd: Command,
      ) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          const lines = Number(options.lines);
          if (!Number.isInteger(lines) || lines < 1 || lines > 10000)
            throw new UsageError('--lines must be 1 to 10000');
          if (!options.events) {
            if (instance === undefined) throw new UsageError('logs needs an instance name (or --events)');
            if (options.follow) throw new UsageError('--follow works with --events');
            const r = await client.call<{ lines: string[] }>(
              'GET',
              `/v1/instances/${seg(instance)}/logs?lines=${seg(options.lines)}`,
            );
            if (options.json) printJson(ctx.io, r);
            else for (const l of r.lines) ctx.io.out(`${l}\n`);
            return 0;
          }
          const filter = instance ? `&instance=${seg(instance)}` : '';
          if (instance) await client.call('GET', `/v1/instances/${seg(instance)}`);
          // The last N events: page through the log (oldest first), keeping the last N.
          let shown: Event[] = [];
          let after = 0;
          for (;;) {
            const { events } = await client.call<{ events: Event[] }>(
              'GET',
              `/v1/events?limit=10000&after=${after}${filter}`,
            );
            shown = [...shown, ...events].slice(-lines);
            if (events.length < 10000) break;
            after = events.at(-1)?.id ?? after;
          }
          if (shown.length > 0) after = Math.max(after, shown.at(-1)?.id ?? 0);
          if (options.json && !options.follow) printJson(ctx.io, { events: shown });
          else for (const e of shown) ctx.io.out(options.json ? `${JSON.stringify(e)}\n` : formatEvent(e));
          if (!options.follow) return 0;
          const abort = new AbortController();
          process.once('SIGINT', () => abort.abort());
          await client.stream(
            `/v1/events/stream?after=${after}${filter}`,
            (m) => {
              const e = JSON.parse(m.data) as Event;
              ctx.io.out(options.json ? `${JSON.stringify(e)}\n` : formatEvent(e));
            },
            abort.signal,
          );
          return 0;
        }),
    );
}
