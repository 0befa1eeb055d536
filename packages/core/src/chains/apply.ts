// Applying a chain with an InstanceManager and the switch: plugin instances are resolved
// (resolve.ts: every parameter checked), the current state is read, the plan computed
// (plan.ts), every configuration the plan installs is checked first (a ConfigError, and
// nothing changes), then the changes run in order. A failing change stops the run: ApplyError
// says which one and carries those already made.
import { BackendError, ClickOSError, ConfigError, Conflict } from '../errors.js';
import type { InstanceManager } from '../instances/manager.js';
import type { Diagnostic } from '../lang/types.js';
import type { SwitchClient } from '../switch/client.js';
import {
  type Change,
  ChainConflict,
  chainLabels,
  type CurrentState,
  type MacEntry,
  planChain,
  type SwitchPort,
} from './plan.js';
import { type PluginSource, resolveChain } from './resolve.js';
import type { ChainValue, ResolvedChain, ResolvedInstance } from './schema.js';
import { CHAIN_LABEL } from './schema.js';

export interface ChainOptions {
  /** The installed plugins, for instances declared with `plugin:` (cosmosd's registry). */
  plugins?: PluginSource;
}

export class ApplyError extends ClickOSError {
  constructor(
    readonly change: Change,
    readonly applied: Change[],
    readonly error: Error,
  ) {
    super(
      error instanceof ClickOSError ? error.code : 'BACKEND',
      `apply stopped at ${change.kind} ${'instance' in change ? change.instance : change.ifname}: ${error.message}`,
    );
  }
}

/** What the manager and the switch hold now (with the MAC tables of `switches`). */
export function currentState(
  manager: InstanceManager,
  sw: SwitchClient | undefined,
  switches: string[] = [],
): CurrentState {
  const instances = manager.store.listInstances().map((rec) => {
    const info = manager.get(rec.name);
    return {
      name: rec.name,
      backend: rec.backend,
      labels: rec.labels,
      resources: rec.resources,
      ports: rec.ports,
      desired: rec.desired,
      running: info.status !== 'stopped',
      suspended: info.status === 'suspended',
      config: manager.config(rec.name),
    };
  });
  let ports: SwitchPort[] | undefined;
  try {
    ports = sw?.ports().map((p) => ({
      port: Number(p.port),
      switch: String(p.switch),
      kind: String(p.kind),
      name: String(p.name ?? ''),
      busy: p.busy === true,
    }));
  } catch {
    ports = undefined;
  }
  const tables: Record<string, MacEntry[]> = {};
  const known = new Set((ports ?? []).map((p) => p.switch));
  for (const name of switches) {
    // A switch exists once a port is attached to it: one without ports has no table yet.
    if (!sw || !known.has(name)) continue;
    tables[name] = sw.table(name).map((e) => ({
      mac: String(e.mac).toLowerCase(),
      port: Number(e.port),
      static: e.static === true,
    }));
  }
  const interfaces = manager.store.interfaces().map((i) => ({ switch: i.switch, ifname: i.ifname }));
  const interfaceEntries = manager.interfaceEntries().map((e) => ({
    switch: e.switch,
    mac: e.mac.toLowerCase(),
    ifname: e.ifname,
  }));
  return { instances, ports, tables, interfaces, interfaceEntries };
}

function needsSwitch(chain: ChainValue): boolean {
  return chain.switches.length > 0 || chain.instances.some((i) => i.ports.length > 0);
}

/** The changes `chain` needs, with every configuration it would install checked. */
export function diffChain(
  manager: InstanceManager,
  sw: SwitchClient | undefined,
  chain: ChainValue,
  options: ChainOptions = {},
): Change[] {
  return prepare(manager, sw, chain, options).changes;
}

function prepare(
  manager: InstanceManager,
  sw: SwitchClient | undefined,
  input: ChainValue,
  options: ChainOptions,
): { chain: ResolvedChain; changes: Change[] } {
  const chain = resolveChain(input, options.plugins);
  const state = currentState(
    manager,
    sw,
    chain.switches.map((s) => s.name),
  );
  if (state.ports === undefined && needsSwitch(chain)) {
    throw new BackendError(`no switch answers${sw ? ` on ${sw.socketPath}` : ''}: the chain has ports`);
  }
  let changes: Change[];
  try {
    changes = planChain(chain, state);
  } catch (err) {
    if (err instanceof ChainConflict) throw new Conflict(err.message);
    throw err;
  }
  const diagnostics: Diagnostic[] = [];
  for (const c of changes) {
    if (c.kind !== 'create' && c.kind !== 'recreate' && c.kind !== 'install') continue;
    const inst = instanceOf(chain, c.instance);
    const r = manager.check(inst.text, {
      filename: inst.filename ?? `${inst.name}.click`,
      definitions: inst.definitions,
    });
    if (!r.ok) diagnostics.push(...r.diagnostics);
  }
  if (diagnostics.some((d) => d.severity === 'error')) throw new ConfigError(diagnostics);
  return { chain, changes };
}

function instanceOf(chain: ResolvedChain, name: string): ResolvedInstance {
  const inst = chain.instances.find((i) => i.name === name);
  if (!inst) throw new Error(`internal: no instance '${name}' in the chain`);
  return inst;
}

async function createInstance(manager: InstanceManager, chain: ResolvedChain, name: string): Promise<void> {
  const position = chain.instances.findIndex((i) => i.name === name);
  const inst = instanceOf(chain, name);
  await manager.create({
    name,
    backend: inst.backend,
    labels: chainLabels(chain.chain, inst, position),
    ports: inst.ports,
    resources: inst.resources,
    config: inst.text,
    definitions: inst.definitions,
  });
  if (inst.state === 'running') await manager.start(name);
}

function interfacePort(sw: SwitchClient, switchName: string, ifname: string): number {
  const p = sw
    .ports(switchName)
    .find((x) => ['packet', 'xdp', 'tap'].includes(String(x.kind)) && x.name === ifname);
  if (!p) throw new BackendError(`switch ${switchName} has no NIC or TAP port '${ifname}'`);
  return Number(p.port);
}

async function run(manager: InstanceManager, sw: SwitchClient | undefined, chain: ResolvedChain, c: Change) {
  switch (c.kind) {
    case 'destroy':
      return manager.destroy(c.instance);
    case 'recreate':
      await manager.destroy(c.instance);
      return createInstance(manager, chain, c.instance);
    case 'create':
      return createInstance(manager, chain, c.instance);
    case 'install': {
      const inst = instanceOf(chain, c.instance);
      await manager.install(c.instance, inst.text, {
        definitions: inst.definitions,
        filename: inst.filename ?? `${inst.name}.click`,
      });
      return;
    }
    case 'relabel':
      manager.store.setLabels(c.instance, c.labels);
      return;
    case 'restart':
      await manager.stop(c.instance);
      await manager.start(c.instance);
      return;
    case 'start':
    case 'resume':
      // start resumes a suspended instance (and boots one whose process is gone).
      await manager.start(c.instance);
      return;
    case 'stop':
      await manager.stop(c.instance);
      return;
    // Interfaces go through the manager: recorded in the store, attached again by the daemon
    // whenever the switch restarts.
    case 'nic-attach':
      manager.attachInterface({
        switch: c.switch,
        kind: 'nic',
        ifname: c.ifname,
        mode: c.mode,
        busy: c.busy,
      });
      return;
    case 'tap-attach':
      manager.attachInterface({ switch: c.switch, kind: 'tap', ifname: c.ifname, busy: c.busy });
      return;
    case 'nic-detach':
      if (c.port < 0) manager.detachInterface(c.ifname);
      else manager.detachPort(c.port);
      return;
    // Kept in the store with their interface: applied again whenever it is attached again.
    case 'mac-add': {
      manager.addInterfaceEntry({ switch: c.switch, mac: c.mac, ifname: c.ifname });
      // The manager logs a switch's refusal as an event; apply reports it.
      if (!sw) throw new BackendError('no switch');
      const port = interfacePort(sw, c.switch, c.ifname);
      const entry = sw.table(c.switch).find((e) => String(e.mac).toLowerCase() === c.mac);
      if (!entry || Number(entry.port) !== port || entry.static !== true) {
        throw new BackendError(`switch ${c.switch} did not take the static entry ${c.mac} for ${c.ifname}`);
      }
      return;
    }
    case 'mac-remove':
      manager.removeInterfaceEntry(c.switch, c.mac);
      return;
  }
}

/**
 * Makes the manager and the switch match `chain`; resolves with the changes made (none when
 * everything already matches). Configurations are checked before anything changes.
 */
export async function applyChain(
  manager: InstanceManager,
  sw: SwitchClient | undefined,
  input: ChainValue,
  options: ChainOptions = {},
): Promise<Change[]> {
  // A repair under way (the switch just restarted) is handing ports back: planned before it
  // ends, those ports would look lost and their instances be restarted, element state and all.
  await manager.switchState.settled();
  const { chain, changes } = prepare(manager, sw, input, options);
  const applied: Change[] = [];
  for (const c of changes) {
    try {
      await run(manager, sw, chain, c);
    } catch (err) {
      throw new ApplyError(c, applied, err as Error);
    }
    applied.push(c);
    if ('instance' in c)
      manager.store.addEvent(c.instance, 'chain-applied', { chain: chain.chain, change: c.kind });
  }
  return applied;
}

/** Removes everything the chain owns: its instances and the NIC ports of the switches it names. */
export function emptyChain(chain: string, switches: Array<{ name: string }> = []): ChainValue {
  return {
    chain,
    switches: switches.map((s) => ({ name: s.name, nics: [], taps: [], static: [] })),
    instances: [],
  };
}

/** Names of the chains the store knows (instances labelled chain=NAME). */
export function chainNames(manager: InstanceManager): string[] {
  const names = new Set<string>();
  for (const r of manager.store.listInstances()) {
    const c = r.labels[CHAIN_LABEL];
    if (c !== undefined) names.add(c);
  }
  return [...names].sort();
}
