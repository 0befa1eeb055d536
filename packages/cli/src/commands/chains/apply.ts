// cosmos apply FILE / cosmos diff FILE: declarative chains. The file (YAML or JSON, see
// docs/chains.md) is read and checked here, with its configuration files inlined; the daemon
// plans against its store and the switch, checks every configuration, and applies in order.
import { type Change, type ChainDocument, describeChange, loadChainFile } from '@clickos/core';
import type { Command } from 'commander';
import { seg, withDaemon } from '../../daemon/action.js';
import type { CliContext } from '../../io.js';
import { printJson } from '../../report.js';

interface Answer {
  chain: string;
  changes: Change[];
}

/** The daemon's answer; errors it found in the file's fields (a bad plugin parameter) located in it. */
async function located<T>(doc: ChainDocument, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw doc.relocate(err);
  }
}

function show(ctx: CliContext, json: boolean | undefined, r: Answer, verb: string): void {
  if (json) {
    printJson(ctx.io, r);
    return;
  }
  if (r.changes.length === 0) {
    ctx.io.out(`chain ${r.chain}: no changes\n`);
    return;
  }
  const n = r.changes.length;
  ctx.io.out(`chain ${r.chain}: ${verb} ${n} change${n === 1 ? '' : 's'}\n`);
  for (const c of r.changes) ctx.io.out(`  ${describeChange(c)}\n`);
}

export function registerChainCommands(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('make the daemon match a chain file: switches, NIC ports, instances, configurations')
    .argument('<file>', 'chain file (YAML or JSON)')
    .option('--delete', "remove everything the file's chain owns instead")
    .option('--json', 'print {chain, changes} as JSON')
    .addHelpText(
      'after',
      `
The file is checked first (errors as file:line:col: path: message) and so is every
configuration it installs, plugin parameters included: on any error nothing changes.
Applying the same file again prints "no changes". Changed configurations and plugin
parameters are installed (hot-swapped where possible); changed ports, limits or backends
destroy and create the instance again; suspended instances are resumed. See docs/chains.md.

A plugin instance, a TAP port and a static MAC entry for a NIC port:
  switches:
    - name: vale0
      nics: [veth0]
      taps: [tap0]
      static: [{ mac: "02:00:00:00:00:01", port: veth0 }]
  instances:
    - name: w1
      plugin: wire              # installed with cosmos plugin install
      params: { BURST: 16 }
      ports: [vale0, vale1]

Examples:
  $ cosmos diff examples/chain/chain.yaml
  $ cosmos apply examples/chain/chain.yaml
  $ cosmos apply --delete examples/chain/chain.yaml`,
    )
    .action((file: string, options: { delete?: boolean; json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const doc = loadChainFile(file);
        const chain = doc.chain;
        if (options.delete) {
          const switches = chain.switches.map((s) => s.name).join(',');
          const q = switches ? `?switches=${encodeURIComponent(switches)}` : '';
          show(
            ctx,
            options.json,
            await client.call<Answer>('DELETE', `/v1/chains/${seg(chain.chain)}${q}`),
            'made',
          );
          return 0;
        }
        show(
          ctx,
          options.json,
          await located(doc, () => client.call<Answer>('PUT', `/v1/chains/${seg(chain.chain)}`, chain)),
          'made',
        );
        return 0;
      }),
    );

  program
    .command('diff')
    .description('show what `cosmos apply FILE` would change (nothing is changed)')
    .argument('<file>', 'chain file (YAML or JSON)')
    .option('--json', 'print {chain, changes} as JSON')
    .addHelpText(
      'after',
      `
Lines start with + (created), - (removed) or ~ (changed). Configurations the apply would
install are checked too.

Example:
  $ cosmos diff examples/chain/chain.yaml`,
    )
    .action((file: string, options: { json?: boolean }, cmd: Command) =>
      withDaemon(ctx, cmd, options.json, async (client) => {
        const doc = loadChainFile(file);
        const chain = doc.chain;
        show(
          ctx,
          options.json,
          await located(doc, () => client.call<Answer>('POST', `/v1/chains/${seg(chain.chain)}/diff`, chain)),
          'would make',
        );
        return 0;
      }),
    );
}
