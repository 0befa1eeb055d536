// cosmos create: new instances (stopped), with ports on switches, labels, an optional
// configuration to run at start; --count N makes NAME-1..NAME-N with a progress bar.
import { readFileSync } from 'node:fs';
import { exitCodeFor, NotFound, parseLabels, parseParamArgs, UsageError } from '@clickos/core';
import { CreateSpec } from '@clickos/api/schemas';
import { type Command, InvalidArgumentError } from 'commander';
import { connect } from '../../daemon/connect.js';
import { addDefinitionOptions, definitionsFrom } from '../../definitions.js';
import type { CliContext } from '../../io.js';
import { Progress } from '../../progress.js';
import { withRegistry } from '../plugin/state.js';
import { printJson, run } from '../../report.js';

interface Options {
  backend: string;
  port: string[];
  label: string[];
  config?: string;
  plugin?: string;
  param: string[];
  define: string[];
  count: number;
  concurrency: number;
  memory?: number;
  cpuPercent?: number;
  cpus?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function positiveInt(what: string, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`${what} must be 1 to ${max}.`);
    return n;
  };
}

/** SWITCH[,mac=MAC][,slots=N][,frame=N] as a port specification. */
export function parsePort(text: string): Record<string, unknown> {
  const [sw, ...opts] = text.split(',');
  const port: Record<string, unknown> = { switch: sw };
  for (const o of opts) {
    const eq = o.indexOf('=');
    const key = o.slice(0, eq);
    const value = o.slice(eq + 1);
    if (eq <= 0 || !['mac', 'slots', 'frame'].includes(key)) {
      throw new UsageError(`invalid port '${text}': expected SWITCH[,mac=MAC][,slots=N][,frame=N]`);
    }
    port[key] = key === 'mac' ? value : Number(value);
  }
  return port;
}

export function registerCreate(program: Command, ctx: CliContext): void {
  const command = program
    .command('create')
    .description('create instances (stopped): ports, labels, and optionally the configuration start runs')
    .argument('<name>', 'instance name (with --count N: the prefix of NAME-1..NAME-N)');
  addDefinitionOptions(command)
    .option('-b, --backend <kind>', 'isolation backend', 'process')
    .option(
      '-p, --port <spec>',
      'a port: SWITCH[,mac=MAC][,slots=N][,frame=N] (repeatable; devid 0, 1, ...)',
      collect,
      [],
    )
    .option('-l, --label <KEY=VALUE>', 'a label (repeatable, or KEY=VALUE,KEY=VALUE)', collect, [])
    .option('-c, --config <file>', 'a Click configuration to install now (checked first)')
    .option('--plugin <name[/config]>', "create from an installed plugin's configuration, then start it")
    .option(
      '--param <KEY=VALUE>',
      'a parameter of the plugin configuration (repeatable; each is checked)',
      collect,
      [],
    )
    .option('-n, --count <N>', 'create N instances NAME-1..NAME-N', positiveInt('--count', 10000), 1)
    .option(
      '--concurrency <N>',
      'instances created at a time with --count',
      positiveInt('--concurrency', 256),
      16,
    )
    .option('--memory <bytes>', 'memory limit (cgroup)', positiveInt('--memory', Number.MAX_SAFE_INTEGER))
    .option(
      '--cpu-percent <N>',
      'CPU ceiling in percent of one CPU (cgroup)',
      positiveInt('--cpu-percent', 10000),
    )
    .option(
      '--cpus <list>',
      'run only on these CPUs, e.g. 0, 0-1 or 0,2 (next to the switch: fewer wake-ups)',
    )
    .option('--json', 'print the created instances as JSON')
    .addHelpText(
      'after',
      `
Ports are attached to their switches now; MAC addresses given with mac= become static
switch entries. With --count, names get -1..-N and a progress bar shows on a terminal; one
failure does not stop the others (the exit status is then non-zero).

Examples:
  $ cosmos create fw1 --port vale0 --port vale1 --label role=firewall
  $ cosmos create wire --count 100 --port vale0 --config wire.click
  $ cosmos create nat1 --port vale0,mac=02:00:00:00:00:01,slots=1024 --memory 16777216
  $ cosmos create w1 --port vale0 --port vale1 --plugin wire --param IN=0 --param OUT=1`,
    )
    .action((name: string, trailing: string[], options: Options, cmd: Command) =>
      run(ctx, options.json, async () => {
        let config: string | undefined;
        if (options.config !== undefined) {
          try {
            config = readFileSync(options.config, 'utf8');
          } catch (err) {
            throw new NotFound(`cannot read '${options.config}': ${(err as Error).message}`);
          }
        }
        // --plugin: the plugin's configuration with its parameters checked, then create + start.
        let fromPlugin:
          | { text: string; definitions: Record<string, string>; labels: Record<string, string> }
          | undefined;
        if (options.plugin !== undefined) {
          if (options.config !== undefined || options.define.length > 0 || trailing.length > 0) {
            throw new UsageError(
              '--plugin takes its values with --param KEY=VALUE, not --config or definitions',
            );
          }
          const [pluginName, configName] = options.plugin.split('/');
          const params = parseParamArgs(options.param);
          fromPlugin = await withRegistry(cmd, (registry) =>
            registry.resolve(pluginName ?? '', { ...(configName ? { config: configName } : {}), params }),
          );
        } else if (options.param.length > 0) {
          throw new UsageError('--param needs --plugin');
        }
        const labels = options.label.length ? parseLabels(options.label.flatMap((l) => l.split(','))) : {};
        const base = {
          backend: options.backend,
          labels: fromPlugin ? { ...labels, ...fromPlugin.labels } : labels,
          ports: options.port.map(parsePort),
          resources: {
            ...(options.memory ? { memoryBytes: options.memory } : {}),
            ...(options.cpuPercent ? { cpuPercent: options.cpuPercent } : {}),
            ...(options.cpus !== undefined ? { cpus: options.cpus } : {}),
          },
          definitions: fromPlugin ? fromPlugin.definitions : definitionsFrom(options.define, trailing),
          ...(fromPlugin ? { config: fromPlugin.text } : config !== undefined ? { config } : {}),
        };
        const names =
          options.count === 1 ? [name] : Array.from({ length: options.count }, (_, i) => `${name}-${i + 1}`);
        // The daemon validates with the same schema; checking here first names the bad field
        // before anything is created.
        const first = CreateSpec.safeParse({ ...base, name: names[0] });
        if (!first.success) {
          throw new UsageError(
            first.error.issues.map((i) => `${i.path.join('.') || 'instance'}: ${i.message}`).join('; '),
          );
        }
        const client = await connect(cmd);
        if (names.length === 1) {
          let info = await client.call('POST', '/v1/instances', { ...base, name });
          if (fromPlugin)
            info = await client.call('POST', `/v1/instances/${encodeURIComponent(name)}/start`, {});
          if (options.json) printJson(ctx.io, info);
          else ctx.io.out(`created ${name}${fromPlugin ? ' and started it' : ''}\n`);
          return 0;
        }
        const progress = new Progress(
          ctx.io,
          names.length,
          `creating ${name}-*`,
          !options.json && Boolean(process.stderr.isTTY),
        );
        const results: Array<{ name: string; ok: boolean; error?: string }> = [];
        let next = 0;
        let firstError: unknown;
        const worker = async () => {
          while (next < names.length) {
            const n = names[next++] as string;
            try {
              await client.call('POST', '/v1/instances', { ...base, name: n });
              if (fromPlugin) await client.call('POST', `/v1/instances/${encodeURIComponent(n)}/start`, {});
              results.push({ name: n, ok: true });
              progress.tick(true);
            } catch (err) {
              firstError ??= err;
              results.push({ name: n, ok: false, error: (err as Error).message });
              progress.tick(false);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(options.concurrency, names.length) }, worker));
        results.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
        const failed = results.filter((r) => !r.ok);
        if (options.json)
          printJson(ctx.io, { created: results.filter((r) => r.ok).map((r) => r.name), failed });
        else {
          ctx.io.out(`created ${results.length - failed.length} of ${names.length} instances\n`);
          for (const f of failed) ctx.io.err(`error: ${f.name}: ${f.error}\n`);
        }
        return failed.length > 0 ? exitCodeFor(firstError) : 0;
      }),
    );
}
