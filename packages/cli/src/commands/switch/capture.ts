// cosmos switch capture PORT FILE | --stop PORT: mirror a port's frames to a pcap file.
import { resolve } from 'node:path';
import { CaptureBody } from '@clickos/api/schemas';
import { UsageError, validate } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

export function registerCapture(sw: Command, ctx: CliContext): void {
  sw.command('capture')
    .description("write a port's frames (both directions) to a pcap file, or stop doing so")
    .argument('<port>', 'port number')
    .argument('[file]', 'pcap file (the switch writes it; relative to this directory)')
    .option('--snaplen <bytes>', 'bytes kept of each frame (64-262144)')
    .option('--stop', 'stop capturing the port')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosmos switch capture 3 port3.pcap\n  $ cosmos switch capture 3 --stop\n  $ tcpdump -r port3.pcap',
    )
    .action(
      (
        port: string,
        file: string | undefined,
        options: { snaplen?: string; stop?: boolean; json?: boolean },
        cmd: Command,
      ) =>
        withDaemon(ctx, cmd, options.json, async (client) => {
          if (!/^\d+$/.test(port)) throw new UsageError(`invalid port '${port}': expected a port number`);
          if (options.stop) {
            if (file !== undefined) throw new UsageError('--stop takes no file');
            const r = await client.call('DELETE', `/v1/switches/ports/${seg(port)}/capture`);
            if (options.json) printJson(ctx.io, r);
            else ctx.io.out(`stopped capturing port ${port}\n`);
            return 0;
          }
          if (file === undefined) throw new UsageError('give the pcap file (or --stop)');
          const snaplen = options.snaplen === undefined ? undefined : Number(options.snaplen);
          const body = validate(
            CaptureBody,
            { file: resolve(file), ...(snaplen !== undefined ? { snaplen } : {}) },
            'capture',
          );
          const r = await client.call('POST', `/v1/switches/ports/${seg(port)}/capture`, body);
          if (options.json) printJson(ctx.io, r);
          else ctx.io.out(`capturing port ${port} to ${body.file}\n`);
          return 0;
        }),
    );
}
