// cosmos stats: an instance's process figures (CPU, memory, uptime) and its ports' counters.
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';
import { formatBytes, formatTable } from '../../table.js';

interface Stats {
  name: string;
  state: string;
  pid?: number;
  uptimeSeconds?: number;
  cpuSeconds?: number;
  pssBytes?: number;
  rssBytes?: number;
  ringBytes?: number;
  ports: Array<{ devid: number; switch: string; port: number; mac?: string }>;
}

export function registerStats(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description("an instance's CPU, memory and uptime, and its switch ports with their counters")
    .argument('<instance>', 'instance name')
    .option('--json', 'print {instance, ports} as JSON (port counters from the switch)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosmos stats fw1\n  $ cosmos stats --json fw1 | jq .instance.pssBytes',
    )
    .action((instance: string, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const s = await client.call<Stats>('GET', `/v1/instances/${seg(instance)}/stats`);
        let counters: Array<Record<string, unknown>> = [];
        if (s.ports.length > 0) {
          const all = await client.call<{ ports: Array<Record<string, unknown>> }>(
            'GET',
            '/v1/switches/ports',
          );
          counters = all.ports.filter((p) => String(p.name).startsWith(`${instance}:`));
        }
        if (options.json) {
          printJson(ctx.io, { instance: s, ports: counters });
          return 0;
        }
        const lines = [
          `${instance}: ${s.state}${s.pid ? `, pid ${s.pid}` : ''}`,
          ...(s.uptimeSeconds !== undefined
            ? [`  uptime ${s.uptimeSeconds.toFixed(1)} s, cpu ${s.cpuSeconds?.toFixed(2) ?? '-'} s`]
            : []),
          ...(s.pssBytes !== undefined
            ? [
                `  memory: pss ${formatBytes(s.pssBytes)} (rings ${formatBytes(s.ringBytes)}), rss ${formatBytes(s.rssBytes)}`,
              ]
            : []),
        ];
        ctx.io.out(`${lines.join('\n')}\n`);
        if (counters.length > 0) {
          ctx.io.out(
            formatTable(
              ['PORT', 'SWITCH', 'NAME', 'RX', 'TX', 'DROPS'],
              counters.map((p) => [
                String(p.port),
                String(p.switch),
                String(p.name),
                String(p.rx_packets),
                String(p.tx_packets),
                String(p.tx_drops),
              ]),
            ),
          );
        }
        return 0;
      }),
    );
}
