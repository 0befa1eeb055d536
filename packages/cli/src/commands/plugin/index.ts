// cosmos plugin install|list|info|remove|upgrade|new: middlebox plugins (npm packages with a
// `clickos` manifest) in the state directory's plugin registry.
import { join, resolve } from 'node:path';
import {
  elementApiVersion,
  type InstalledPlugin,
  locateSdk,
  type PluginManifest,
  PluginName,
  scaffoldPlugin,
  validate,
} from '@clickos/core';
import type { Command } from 'commander';
import type { CliContext, Io } from '../../io.js';
import { printJson, run } from '../../report.js';
import { daemonInstances } from './drain.js';
import { stateDirOf, withRegistry } from './state.js';

interface JsonOption {
  json?: boolean;
}

function summary(p: InstalledPlugin) {
  const m = p.manifest;
  return {
    name: m.name,
    version: m.version,
    package: m.packageName,
    description: m.description,
    configs: Object.keys(m.configs),
    elements: m.elements?.package,
    ipv6: m.ipv6,
    path: p.path,
    installedAt: p.installedAt,
  };
}

function describe(io: Io, p: InstalledPlugin, users: string[]): void {
  const m: PluginManifest = p.manifest;
  io.out(`${m.name} ${m.version} (${m.packageName})\n  ${m.description}\n`);
  io.out(`  engine: ${m.engines.clickos}    IPv6: ${m.ipv6}    installed in ${p.path}\n`);
  if (m.elements) io.out(`  element package: ${m.elements.package} (element API ${m.elements.apiVersion})\n`);
  io.out(`  a restart loses: ${m.restartLoses.length ? m.restartLoses.join('; ') : 'nothing'}\n`);
  for (const [name, cfg] of Object.entries(m.configs)) {
    const isDefault = name === (m.defaultConfig ?? (Object.keys(m.configs).length === 1 ? name : undefined));
    io.out(`\n  configuration ${name}${isDefault ? ' (default)' : ''}: ${cfg.description}\n`);
    for (const [pname, spec] of Object.entries(cfg.params)) {
      const type =
        spec.type === 'enum'
          ? spec.values.join('|')
          : spec.type === 'integer' && (spec.min !== undefined || spec.max !== undefined)
            ? `integer ${spec.min ?? ''}..${spec.max ?? ''}`
            : spec.type;
      const dflt = spec.required ? 'required' : `default ${String(spec.default)}`;
      io.out(`    ${pname.padEnd(12)} ${type.padEnd(16)} ${dflt.padEnd(18)} ${spec.description}\n`);
    }
  }
  if (m.handlers.length) {
    io.out('\n  handlers:\n');
    for (const h of m.handlers) io.out(`    ${h.name.padEnd(24)} ${h.mode.padEnd(10)} ${h.description}\n`);
  }
  io.out(`\n  instances using it: ${users.length ? users.join(', ') : 'none'}\n`);
}

export function registerPlugin(program: Command, ctx: CliContext): void {
  const plugin = program
    .command('plugin')
    .description('middlebox plugins: install, list, info, remove, upgrade, scaffold a new one')
    .addHelpText(
      'after',
      `
A plugin is an npm package whose package.json has a "clickos" manifest: Click configurations
with typed parameters, native elements, handlers. See docs/plugins.md.

Examples:
  $ cosmos plugin install ./middleboxes/wire
  $ cosmos plugin list
  $ cosmos plugin info wire
  $ cosmos plugin new my-filter`,
    );

  plugin
    .command('install')
    .description('validate, build and check a plugin, then install it (nothing changes if a step fails)')
    .argument('<source>', 'a plugin directory, a .tgz from npm pack, or an npm package name')
    .option('--json', 'print the installed plugin as JSON')
    .addHelpText(
      'after',
      `
The manifest is validated, native elements are built with the SDK into an element package,
every configuration is checked by the engine with its defaults; only then is the plugin
moved into STATE/plugins and recorded in the control store.

Examples:
  $ cosmos plugin install ./middleboxes/ethermirror
  $ cosmos plugin install @acme/clickos-plugin-tagger`,
    )
    .action((source: string, options: JsonOption, cmd: Command) =>
      run(ctx, options.json, () =>
        withRegistry(cmd, async (registry) => {
          const p = await registry.install(/^[./]/.test(source) ? resolve(source) : source, {
            onStep: (step) => options.json || ctx.io.err(`${step}...\n`),
          });
          if (options.json) printJson(ctx.io, summary(p));
          else ctx.io.out(`installed ${p.manifest.name} ${p.manifest.version}\n`);
          return 0;
        }),
      ),
    );

  plugin
    .command('list')
    .description('the installed plugins')
    .option('--json', 'print them as JSON')
    .addHelpText('after', '\nExample:\n  $ cosmos plugin list')
    .action((options: JsonOption, cmd: Command) =>
      run(ctx, options.json, () =>
        withRegistry(cmd, (registry) => {
          const all = registry.list();
          if (options.json) printJson(ctx.io, { plugins: all.map(summary) });
          else if (all.length === 0) ctx.io.out('no plugins installed\n');
          else {
            ctx.io.out(`${'NAME'.padEnd(16)}${'VERSION'.padEnd(10)}${'CONFIGS'.padEnd(24)}DESCRIPTION\n`);
            for (const p of all) {
              const m = p.manifest;
              ctx.io.out(
                `${m.name.padEnd(16)}${m.version.padEnd(10)}${Object.keys(m.configs).join(',').padEnd(24)}${m.description}\n`,
              );
            }
          }
          return 0;
        }),
      ),
    );

  plugin
    .command('info')
    .description("a plugin's configurations, parameters, handlers, IPv6 behaviour and users")
    .argument('<name>', 'the plugin')
    .option('--json', 'print the manifest and the instances using it as JSON')
    .addHelpText('after', '\nExample:\n  $ cosmos plugin info wire')
    .action((name: string, options: JsonOption, cmd: Command) =>
      run(ctx, options.json, () =>
        withRegistry(cmd, (registry) => {
          const p = registry.get(name);
          const users = registry.users(name).all;
          if (options.json) printJson(ctx.io, { ...summary(p), manifest: p.manifest, instances: users });
          else describe(ctx.io, p, users);
          return 0;
        }),
      ),
    );

  plugin
    .command('remove')
    .description('remove a plugin (refused while instances use it, unless --drain)')
    .argument('<name>', 'the plugin')
    .option('--drain', 'stop the instances that use it first (through cosmosd)')
    .option('--json', 'print {removed, drained} as JSON')
    .addHelpText(
      'after',
      `
Instances created from the plugin that are running or suspended make the removal fail,
naming them; --drain stops them first (they stay, stopped).

Examples:
  $ cosmos plugin remove wire
  $ cosmos plugin remove wire --drain`,
    )
    .action((name: string, options: JsonOption & { drain?: boolean }, cmd: Command) =>
      run(ctx, options.json, () =>
        withRegistry(cmd, async (registry) => {
          const r = await registry.remove(name, {
            drain: options.drain ?? false,
            ...(options.drain ? { instances: daemonInstances(stateDirOf(cmd)) } : {}),
          });
          if (options.json) printJson(ctx.io, { removed: name, drained: r.drained });
          else ctx.io.out(`removed ${name}${r.drained.length ? ` (stopped ${r.drained.join(', ')})` : ''}\n`);
          return 0;
        }),
      ),
    );

  plugin
    .command('upgrade')
    .description(
      'replace an installed plugin with another version (refused while instances use it, unless --drain)',
    )
    .argument('<source>', 'the new version: a directory, a .tgz or an npm package name')
    .option('--drain', 'stop the instances that use it, then reinstall and start them on the new version')
    .option('--json', 'print the installed plugin as JSON')
    .addHelpText(
      'after',
      `
The new version is built and checked before anything changes. With --drain, each instance
using the plugin is stopped, gets the new version's configuration with the parameters its
operator gave, and starts again.

Example:
  $ cosmos plugin upgrade ./wire-0.2.0.tgz --drain`,
    )
    .action((source: string, options: JsonOption & { drain?: boolean }, cmd: Command) =>
      run(ctx, options.json, () =>
        withRegistry(cmd, async (registry) => {
          const p = await registry.upgrade(/^[./]/.test(source) ? resolve(source) : source, {
            drain: options.drain ?? false,
            ...(options.drain ? { instances: daemonInstances(stateDirOf(cmd)) } : {}),
            onStep: (step) => options.json || ctx.io.err(`${step}...\n`),
          });
          if (options.json) printJson(ctx.io, summary(p));
          else ctx.io.out(`upgraded ${p.manifest.name} to ${p.manifest.version}\n`);
          return 0;
        }),
      ),
    );

  plugin
    .command('new')
    .description('scaffold a vendor plugin: manifest, configuration, one native element, tests')
    .argument('<name>', 'the plugin name (lower case, digits, "-")')
    .option('-d, --dir <dir>', 'where to write it (default ./NAME)')
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      `
The plugin builds and passes its tests as generated. Its tests import @clickos/core, which is
not published yet: install it from your ClickOS checkout, then run them:
  cd NAME && npm install --no-save /path/to/clickos/packages/core && npm test

Example:
  $ cosmos plugin new acme-filter`,
    )
    .action((name: string, options: JsonOption & { dir?: string }) =>
      run(ctx, options.json, () => {
        validate(PluginName, name, 'plugin name');
        const apiVersion = elementApiVersion(join(locateSdk(), '..', 'engine', 'include'));
        const r = scaffoldPlugin(name, options.dir ?? name, { apiVersion });
        if (options.json) printJson(ctx.io, r);
        else {
          ctx.io.out(`created plugin ${name} in ${r.dir}:\n`);
          for (const f of r.files) ctx.io.out(`  ${f.slice(r.dir.length + 1)}\n`);
        }
        return 0;
      }),
    );
}
