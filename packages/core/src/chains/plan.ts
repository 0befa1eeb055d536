// What applying a chain would change: the chain file against the store's desired state (the
// instances labelled chain=NAME, their configurations, ports, labels and limits) and the
// switch (NIC ports of the switches the file names; whether running instances still have
// their ring ports, which a restarted switch has forgotten). A pure function of both states.
import type { PortSpecValue, ResourcesValue } from '../instances/spec.js';
import type { DesiredState } from '../store/store.js';
import { CHAIN_LABEL, type ChainInstanceValue, type ChainValue, POSITION_LABEL } from './schema.js';

export interface CurrentInstance {
  name: string;
  backend: string;
  labels: Record<string, string>;
  resources: ResourcesValue;
  ports: PortSpecValue[];
  desired: DesiredState;
  /** Whether a process runs (or is being restarted) for it. */
  running: boolean;
  config: { text: string; definitions: Record<string, string> } | undefined;
}

export interface SwitchPort {
  port: number;
  switch: string;
  kind: string;
  name: string;
  /** Busy-polled by the switch. */
  busy?: boolean;
}

export interface CurrentState {
  /** Every instance of the store (those of other chains too: their names are taken). */
  instances: CurrentInstance[];
  /** The switch's ports; undefined when no switch answers. */
  ports: SwitchPort[] | undefined;
}

export type Change =
  | { kind: 'create'; instance: string; summary: string }
  | { kind: 'destroy'; instance: string; summary: string }
  | { kind: 'recreate'; instance: string; summary: string; fields: string[] }
  | { kind: 'install'; instance: string; summary: string }
  | { kind: 'relabel'; instance: string; summary: string; labels: Record<string, string> }
  | { kind: 'restart'; instance: string; summary: string }
  | { kind: 'start'; instance: string; summary: string }
  | { kind: 'stop'; instance: string; summary: string }
  | {
      kind: 'nic-attach';
      switch: string;
      ifname: string;
      mode: 'packet' | 'xdp';
      busy: boolean;
      summary: string;
    }
  | { kind: 'nic-detach'; switch: string; ifname: string; port: number; summary: string };

/** The order apply runs changes in: what frees names, ports and interfaces first. */
export const CHANGE_ORDER: Change['kind'][] = [
  'nic-detach',
  'destroy',
  'recreate',
  'nic-attach',
  'create',
  'install',
  'relabel',
  'restart',
  'start',
  'stop',
];

export class ChainConflict extends Error {}

const NIC_KINDS = new Set(['packet', 'xdp', 'tap']);

const sorted = (o: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => [k, o[k]]),
  );

const portKey = (p: PortSpecValue) => `${p.switch}/${p.mac?.toLowerCase() ?? '-'}/${p.slots}/${p.frame}`;

const describePorts = (ports: PortSpecValue[]) =>
  ports.length ? ports.map((p) => (p.mac ? `${p.switch}(${p.mac})` : p.switch)).join(', ') : 'no ports';

/** The labels the chain gives an instance: its own, plus chain=NAME and chain.position=N. */
export function chainLabels(
  chain: string,
  inst: ChainInstanceValue,
  position: number,
): Record<string, string> {
  return { ...inst.labels, [CHAIN_LABEL]: chain, [POSITION_LABEL]: String(position) };
}

function fixedFieldsDiffer(want: ChainInstanceValue, have: CurrentInstance): string[] {
  const fields: string[] = [];
  if (want.backend !== have.backend) fields.push('backend');
  if (want.ports.map(portKey).join(' ') !== have.ports.map(portKey).join(' ')) fields.push('ports');
  if (sorted(want.resources) !== sorted(have.resources)) fields.push('resources');
  return fields;
}

/**
 * The changes that make the current state match `chain`, in the order apply runs them.
 * Throws ChainConflict when the file names an instance that belongs to another chain (or none).
 */
export function planChain(chain: ChainValue, current: CurrentState): Change[] {
  const changes: Change[] = [];
  const byName = new Map(current.instances.map((i) => [i.name, i]));
  const wanted = new Set(chain.instances.map((i) => i.name));
  for (const have of current.instances) {
    if (have.labels[CHAIN_LABEL] === chain.chain && !wanted.has(have.name)) {
      changes.push({ kind: 'destroy', instance: have.name, summary: 'not in the file' });
    }
  }
  const portsOnSwitch = new Set((current.ports ?? []).map((p) => `${p.switch}/${p.name}`));
  chain.instances.forEach((want, position) => {
    const labels = chainLabels(chain.chain, want, position);
    const have = byName.get(want.name);
    const startNote = want.state === 'running' ? ', started' : '';
    if (!have) {
      changes.push({
        kind: 'create',
        instance: want.name,
        summary: `${describePorts(want.ports)}; ${want.filename ?? 'inline configuration'}${startNote}`,
      });
      return;
    }
    if (have.labels[CHAIN_LABEL] !== chain.chain) {
      const owner = have.labels[CHAIN_LABEL];
      throw new ChainConflict(
        `instance '${want.name}' exists and is not part of chain '${chain.chain}'` +
          (owner ? ` (it belongs to chain '${owner}')` : ' (it was created outside any chain)'),
      );
    }
    const fields = fixedFieldsDiffer(want, have);
    if (fields.length) {
      changes.push({
        kind: 'recreate',
        instance: want.name,
        fields,
        summary: `${fields.join(', ')} changed (fixed at create: destroyed and created again${startNote})`,
      });
      return;
    }
    const cfg = have.config;
    if (!cfg || cfg.text !== want.text || sorted(cfg.definitions) !== sorted(want.definitions)) {
      const what = !cfg
        ? 'no configuration yet'
        : cfg.text !== want.text
          ? 'configuration changed'
          : 'definitions changed';
      changes.push({
        kind: 'install',
        instance: want.name,
        summary: `${what}${have.running ? ' (hot-swap, element state kept where names and classes match)' : ''}`,
      });
    }
    if (sorted(labels) !== sorted(have.labels)) {
      changes.push({ kind: 'relabel', instance: want.name, labels, summary: 'labels changed' });
    }
    if (want.state === 'running' && have.desired === 'stopped') {
      changes.push({ kind: 'start', instance: want.name, summary: 'wanted running' });
    } else if (want.state === 'stopped' && have.desired !== 'stopped') {
      changes.push({ kind: 'stop', instance: want.name, summary: 'wanted stopped' });
    } else if (want.state === 'running' && have.running && current.ports) {
      // A restarted switch has forgotten the ring ports of running instances: a restart gets new ones.
      const lost = have.ports.filter((p, devid) => !portsOnSwitch.has(`${p.switch}/${want.name}:${devid}`));
      if (lost.length) {
        changes.push({
          kind: 'restart',
          instance: want.name,
          summary: `the switch has no port ${lost.map((p) => p.switch).join(', ')} for it (switch restarted?)`,
        });
      }
    }
  });
  const declared = new Set(chain.switches.map((s) => s.name));
  const nics = (current.ports ?? []).filter((p) => NIC_KINDS.has(p.kind) && declared.has(p.switch));
  for (const s of chain.switches) {
    for (const nic of s.nics) {
      const found = (current.ports ?? []).find((p) => NIC_KINDS.has(p.kind) && p.name === nic.ifname);
      const same = found?.switch === s.name && found.kind === nic.mode && Boolean(found.busy) === nic.busy;
      if (found && same) continue;
      if (found) {
        changes.push({
          kind: 'nic-detach',
          switch: found.switch,
          ifname: nic.ifname,
          port: found.port,
          summary: found.switch === s.name ? 'attached again with other options' : `moves to ${s.name}`,
        });
      }
      changes.push({
        kind: 'nic-attach',
        switch: s.name,
        ifname: nic.ifname,
        mode: nic.mode,
        busy: nic.busy,
        summary: `${nic.mode === 'xdp' ? 'AF_XDP' : 'AF_PACKET'}${nic.busy ? ', busy-polled' : ''}`,
      });
    }
  }
  for (const p of nics) {
    const s = chain.switches.find((x) => x.name === p.switch);
    if (!s?.nics.some((n) => n.ifname === p.name)) {
      changes.push({
        kind: 'nic-detach',
        switch: p.switch,
        ifname: p.name,
        port: p.port,
        summary: 'not in the file',
      });
    }
  }
  return CHANGE_ORDER.flatMap((k) => changes.filter((c) => c.kind === k));
}

/** One line per change, for people: "+ create w1: ...". */
export function describeChange(c: Change): string {
  const sign = { create: '+', destroy: '-', 'nic-attach': '+', 'nic-detach': '-' }[c.kind as string] ?? '~';
  const what = 'instance' in c ? c.instance : `${c.ifname} on ${c.switch}`;
  return `${sign} ${c.kind.padEnd(10)} ${what}: ${c.summary}`;
}
