// What applying a chain would change: the chain file against the store's desired state (the
// instances labelled chain=NAME, their configurations, ports, labels and limits) and the
// switch (NIC and TAP ports of the switches the file names and their static MAC entries;
// whether running instances still have their ring ports, which a restarted switch has
// forgotten). A pure function of both states.
import type { PortSpecValue, ResourcesValue } from '../instances/spec.js';
import type { DesiredState } from '../store/store.js';
import { CHAIN_LABEL, POSITION_LABEL, type ResolvedChain, type ResolvedInstance } from './schema.js';

export interface CurrentInstance {
  name: string;
  backend: string;
  labels: Record<string, string>;
  resources: ResourcesValue;
  ports: PortSpecValue[];
  desired: DesiredState;
  /** Whether a process runs (or is being restarted) for it; a suspended one counts. */
  running: boolean;
  /** Frozen (cosmos suspend), or wanted so. */
  suspended?: boolean;
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
  /** MAC tables of the switches the file names (those the switch knows). */
  tables?: Record<string, MacEntry[]>;
  /** Interfaces the store keeps as switch ports (attached again after a switch restart). */
  interfaces?: Array<{ switch: string; ifname: string }>;
  /** Static entries the store keeps for those interfaces (applied again with them). */
  interfaceEntries?: Array<{ switch: string; mac: string; ifname: string }>;
}

export interface MacEntry {
  mac: string;
  port: number;
  static: boolean;
}

export type Change =
  | { kind: 'create'; instance: string; summary: string }
  | { kind: 'destroy'; instance: string; summary: string }
  | { kind: 'recreate'; instance: string; summary: string; fields: string[] }
  | { kind: 'install'; instance: string; summary: string }
  | { kind: 'relabel'; instance: string; summary: string; labels: Record<string, string> }
  | { kind: 'restart'; instance: string; summary: string }
  | { kind: 'resume'; instance: string; summary: string }
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
  | { kind: 'tap-attach'; switch: string; ifname: string; busy: boolean; summary: string }
  /** `port` -1: the interface is recorded but not attached now; it is only forgotten. */
  | { kind: 'nic-detach'; switch: string; ifname: string; port: number; summary: string }
  | { kind: 'mac-add'; switch: string; mac: string; ifname: string; summary: string }
  | { kind: 'mac-remove'; switch: string; mac: string; ifname: string; summary: string };

/** The order apply runs changes in: what frees names, ports and interfaces first. */
export const CHANGE_ORDER: Change['kind'][] = [
  'mac-remove',
  'nic-detach',
  'destroy',
  'recreate',
  'nic-attach',
  'tap-attach',
  'mac-add',
  'create',
  // Before install: a stopped instance only stores its new configuration, a resumed one can
  // take it by hot-swap (a frozen one cannot answer).
  'stop',
  'resume',
  'install',
  'relabel',
  'restart',
  'start',
];

export class ChainConflict extends Error {}

/** Port kinds of Linux interfaces (the file owns those of the switches it names). */
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
  inst: Pick<ResolvedInstance, 'labels'>,
  position: number,
): Record<string, string> {
  return { ...inst.labels, [CHAIN_LABEL]: chain, [POSITION_LABEL]: String(position) };
}

function fixedFieldsDiffer(want: ResolvedInstance, have: CurrentInstance): string[] {
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
export function planChain(chain: ResolvedChain, current: CurrentState): Change[] {
  const changes: Change[] = [];
  const byName = new Map(current.instances.map((i) => [i.name, i]));
  const wanted = new Set(chain.instances.map((i) => i.name));
  for (const have of current.instances) {
    if (have.labels[CHAIN_LABEL] === chain.chain && !wanted.has(have.name)) {
      changes.push({ kind: 'destroy', instance: have.name, summary: 'not in the file' });
    }
  }
  // Port names are compared cut to the 63 bytes the switch keeps (a port it was handed back
  // after a restart is listed under the cut name, a port it created under the whole one).
  const portsOnSwitch = new Set((current.ports ?? []).map((p) => `${p.switch}/${p.name.slice(0, 63)}`));
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
          ? want.plugin !== undefined
            ? `plugin configuration changed (${want.filename})`
            : 'configuration changed'
          : `${want.plugin !== undefined ? 'parameters' : 'definitions'} changed: ${changedValues(cfg.definitions, want.definitions)}`;
      // Stopped first (the plan stops it before installing) or stopped already: only stored.
      const live = have.running && want.state === 'running';
      const how = !live
        ? ''
        : cfg && cfg.text === want.text
          ? ' (installed: hot-swapped where the instance can take it, else restarted)'
          : ' (hot-swap, element state kept where names and classes match)';
      changes.push({ kind: 'install', instance: want.name, summary: `${what}${how}` });
    }
    if (sorted(labels) !== sorted(have.labels)) {
      changes.push({ kind: 'relabel', instance: want.name, labels, summary: 'labels changed' });
    }
    const suspended = have.suspended === true || have.desired === 'suspended';
    // A restarted switch has forgotten the ring ports of running instances: a restart gets new ones.
    const lost =
      want.state === 'running' && have.running && current.ports
        ? have.ports.filter(
            (p, devid) => !portsOnSwitch.has(`${p.switch}/${`${want.name}:${devid}`.slice(0, 63)}`),
          )
        : [];
    if (want.state === 'running' && have.desired === 'stopped') {
      changes.push({ kind: 'start', instance: want.name, summary: 'wanted running' });
    } else if (want.state === 'stopped' && have.desired !== 'stopped') {
      changes.push({
        kind: 'stop',
        instance: want.name,
        summary: `wanted stopped${suspended ? ' (it is suspended)' : ''}`,
      });
    } else if (lost.length) {
      changes.push({
        kind: 'restart',
        instance: want.name,
        summary: `the switch has no port ${lost.map((p) => p.switch).join(', ')} for it (switch restarted?)${suspended ? '; it runs again, no longer suspended' : ''}`,
      });
    } else if (want.state === 'running' && suspended) {
      changes.push({
        kind: 'resume',
        instance: want.name,
        summary: 'suspended, wanted running (element state kept)',
      });
    }
  });
  const declared = new Set(chain.switches.map((s) => s.name));
  const interfacePorts = (current.ports ?? []).filter((p) => NIC_KINDS.has(p.kind));
  // Interfaces (re)attached by this plan: their static entries must be added again.
  const attached = new Set<string>();
  // Interfaces detached by this plan: their static entries go with them.
  const detached = new Set<string>();
  for (const s of chain.switches) {
    const wantedHere = [
      ...s.nics.map((n) => ({ ifname: n.ifname, kind: n.mode as string, busy: n.busy })),
      ...s.taps.map((t) => ({ ifname: t.ifname, kind: 'tap', busy: t.busy })),
    ];
    for (const want of wantedHere) {
      const found = interfacePorts.find((p) => p.name === want.ifname);
      const same = found?.switch === s.name && found.kind === want.kind && Boolean(found.busy) === want.busy;
      // Attached, but not kept in the store (attached by hand, or by an older apply): attached
      // again through the store, so the daemon restores it after a switch restart.
      const unrecorded =
        current.interfaces !== undefined &&
        !current.interfaces.some((r) => r.switch === s.name && r.ifname === want.ifname);
      if (found && same && !unrecorded) continue;
      if (found) {
        detached.add(`${found.switch}/${found.name}`);
        changes.push({
          kind: 'nic-detach',
          switch: found.switch,
          ifname: want.ifname,
          port: found.port,
          summary:
            found.switch !== s.name
              ? `moves to ${s.name}`
              : same
                ? 'attached again, to be kept in the store'
                : 'attached again with other options',
        });
      }
      attached.add(`${s.name}/${want.ifname}`);
      const busy = want.busy ? ', busy-polled' : '';
      if (want.kind === 'tap') {
        changes.push({
          kind: 'tap-attach',
          switch: s.name,
          ifname: want.ifname,
          busy: want.busy,
          summary: `a new TAP interface${busy}`,
        });
      } else {
        changes.push({
          kind: 'nic-attach',
          switch: s.name,
          ifname: want.ifname,
          mode: want.kind as 'packet' | 'xdp',
          busy: want.busy,
          summary: `${want.kind === 'xdp' ? 'AF_XDP' : 'AF_PACKET'}${busy}`,
        });
      }
    }
  }
  for (const p of interfacePorts) {
    if (!declared.has(p.switch)) continue;
    const s = chain.switches.find((x) => x.name === p.switch);
    if (![...(s?.nics ?? []), ...(s?.taps ?? [])].some((n) => n.ifname === p.name)) {
      detached.add(`${p.switch}/${p.name}`);
      changes.push({
        kind: 'nic-detach',
        switch: p.switch,
        ifname: p.name,
        port: p.port,
        summary: 'not in the file',
      });
    }
  }
  // Recorded for a declared switch, not in the file, not attached now (its interface went, or
  // the switch is restarting): forgotten, so the daemon does not attach it again.
  for (const r of current.interfaces ?? []) {
    if (!declared.has(r.switch) || interfacePorts.some((p) => p.name === r.ifname)) continue;
    const s = chain.switches.find((x) => x.name === r.switch);
    if ([...(s?.nics ?? []), ...(s?.taps ?? [])].some((n) => n.ifname === r.ifname)) continue;
    detached.add(`${r.switch}/${r.ifname}`);
    changes.push({
      kind: 'nic-detach',
      switch: r.switch,
      ifname: r.ifname,
      port: -1,
      summary: 'not in the file (recorded, not attached now: forgotten)',
    });
  }
  changes.push(...staticEntryChanges(chain, current, attached, detached));
  return CHANGE_ORDER.flatMap((k) => changes.filter((c) => c.kind === k));
}

/**
 * Static entries of the declared switches that point at their NIC and TAP ports: those the
 * file lists and the switch lacks (or has elsewhere), or the store does not keep, are added
 * (and kept); the others are removed from both. Entries of instance ports are the instances'
 * own (ports[].mac); taking one over is a conflict.
 */
function staticEntryChanges(
  chain: ResolvedChain,
  current: CurrentState,
  attached: Set<string>,
  detached: Set<string>,
): Change[] {
  const changes: Change[] = [];
  const ports = current.ports ?? [];
  const byNumber = new Map(ports.map((p) => [p.port, p]));
  const members = new Set(chain.instances.map((i) => i.name));
  for (const s of chain.switches) {
    const table = (current.tables?.[s.name] ?? []).filter((e) => e.static);
    const have = new Map<string, SwitchPort | undefined>(
      table.map((e) => [e.mac.toLowerCase(), byNumber.get(e.port)]),
    );
    const recorded = new Map(
      (current.interfaceEntries ?? [])
        .filter((e) => e.switch === s.name)
        .map((e) => [e.mac.toLowerCase(), e.ifname]),
    );
    const wanted = new Set<string>();
    for (const e of s.static) {
      const mac = e.mac.toLowerCase();
      wanted.add(mac);
      const now = have.get(mac);
      if (now && !NIC_KINDS.has(now.kind)) {
        const owner = now.name.slice(0, now.name.lastIndexOf(':'));
        if (!members.has(owner)) {
          throw new ChainConflict(
            `MAC ${e.mac} is a static entry of switch ${s.name} for port ${now.name}, which is not part of chain '${chain.chain}'`,
          );
        }
      }
      const fresh = attached.has(`${s.name}/${e.port}`);
      const onSwitch = now?.name === e.port && NIC_KINDS.has(now.kind);
      const kept = current.interfaceEntries === undefined || recorded.get(mac) === e.port;
      if (!fresh && onSwitch && kept) continue;
      changes.push({
        kind: 'mac-add',
        switch: s.name,
        mac,
        ifname: e.port,
        summary:
          now && !fresh && !onSwitch
            ? `moves from port ${now.name}`
            : onSwitch && !fresh
              ? 'on the switch, now kept in the store too'
              : `frames for it go out of ${e.port}`,
      });
    }
    const candidates = new Map<string, string>();
    for (const [mac, port] of have) if (port && NIC_KINDS.has(port.kind)) candidates.set(mac, port.name);
    for (const [mac, ifname] of recorded) if (!candidates.has(mac)) candidates.set(mac, ifname);
    for (const [mac, ifname] of candidates) {
      // A detached interface's entries go with it (from the switch and the store).
      if (wanted.has(mac) || detached.has(`${s.name}/${ifname}`)) continue;
      changes.push({ kind: 'mac-remove', switch: s.name, mac, ifname, summary: 'not in the file' });
    }
  }
  return changes;
}

function changedValues(before: Record<string, string>, after: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${before[k] ?? '(none)'} -> ${after[k] ?? '(none)'}`)
    .join(', ');
}

const SIGNS: Record<string, string> = {
  create: '+',
  destroy: '-',
  'nic-attach': '+',
  'tap-attach': '+',
  'mac-add': '+',
  'nic-detach': '-',
  'mac-remove': '-',
};

/** One line per change, for people: "+ create w1: ...". */
export function describeChange(c: Change): string {
  const sign = SIGNS[c.kind] ?? '~';
  const what =
    'instance' in c ? c.instance : 'mac' in c ? `${c.mac} on ${c.switch}` : `${c.ifname} on ${c.switch}`;
  return `${sign} ${c.kind.padEnd(10)} ${what}: ${c.summary}`;
}
