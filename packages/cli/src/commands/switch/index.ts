// cosmos switch: the clickos-switch the daemon uses (ports, NIC/TAP attach, MAC table, capture).
import type { Command } from 'commander';
import type { CliContext } from '../../io.js';
import { registerAttach } from './attach.js';
import { registerCapture } from './capture.js';
import { registerDetach } from './detach.js';
import { registerPorts } from './ports.js';
import { registerTable } from './table.js';

export function registerSwitch(program: Command, ctx: CliContext): void {
  const sw = program
    .command('switch')
    .description("the switch's ports, interfaces, MAC table and captures")
    .addHelpText(
      'after',
      `
The daemon uses the clickos-switch on its switch socket, starting one when none answers.
Instances' ring ports are attached by \`cosmos create --port\`; these commands show them and add
Linux interfaces.

Examples:
  $ cosmos switch ports vale0
  $ cosmos switch attach vale0 --nic veth0
  $ cosmos switch table vale0
  $ cosmos switch capture 3 /tmp/port3.pcap`,
    );
  registerPorts(sw, ctx);
  registerAttach(sw, ctx);
  registerDetach(sw, ctx);
  registerTable(sw, ctx);
  registerCapture(sw, ctx);
}
