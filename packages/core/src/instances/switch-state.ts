// What the store says the switch should hold, and putting it back after a switch restart.
// The store keeps the Linux interfaces each switch has as ports (NIC and TAP ports, attached
// through here), the instances' ring ports (their runtime records) and the static MAC entries.
// A watch on the switch's control socket (switch/watch.ts) notices a switch that went away and
// came back; then repair() re-attaches the interfaces it lacks, hands running instances' ring
// ports back to it (the instances keep running, with the frames in their rings) and pushes
// their static entries again. repair() is idempotent: it changes only what the switch lacks.
import { EventEmitter } from 'node:events';
import type { PortStatus } from '../backends/backend.js';
import { NotFound } from '../errors.js';
import type { InterfaceEntryRecord, InterfaceRecord, Store } from '../store/store.js';
import type { SwitchClient } from '../switch/client.js';
import { SwitchWatch } from '../switch/watch.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { IfName, InterfaceSpec, type InterfaceSpecInput, Mac, SwitchName, validate } from './spec.js';

/** An interface port as attached: the switch's port number. */
export interface AttachedInterface {
  switch: string;
  port: number;
  kind: 'nic' | 'tap';
  ifname: string;
}

/** A recorded interface with its port number on the switch now (undefined: not attached). */
export interface InterfaceStatus extends InterfaceRecord {
  port: number | undefined;
}

/** What one repair did; `failures` lists what it could not (retried later). */
export interface SwitchRepairResult {
  interfaces: AttachedInterface[];
  instances: Array<{ name: string; ports: PortStatus[] }>;
  entries: number;
  failures: Array<{ what: string; error: string }>;
  /** How long the repair took. */
  durationMs: number;
}

export interface SwitchStateOptions {
  /** Retry a repair that left failures after this long, doubling up to maxRetryMs; default 1000. */
  retryMs?: number;
  maxRetryMs?: number;
}

interface ListedPort {
  port: number;
  switch: string;
  kind: string;
  name: string;
}

// Port names live in a 64-byte field of the port memory (docs/switch.md): at most 63 bytes.
// The switch lists a port it created under the whole name it was given, and a reattached one
// under the name its memory keeps: both are compared cut to 63.
const portName = (instance: string, devid: number) => `${instance}:${devid}`.slice(0, 63);
const isPortOf = (listedName: string, instance: string, devid: number) =>
  listedName.slice(0, 63) === portName(instance, devid);

const isInterfaceKind = (kind: string) => kind === 'packet' || kind === 'xdp' || kind === 'tap';

export class SwitchState extends EventEmitter {
  private watch: SwitchWatch | undefined;
  private running: Promise<SwitchRepairResult> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly supervisor: Supervisor,
    private readonly client: () => SwitchClient,
    private readonly options: SwitchStateOptions = {},
  ) {
    super();
    this.retryMs = options.retryMs ?? 1000;
  }

  /** Starts watching the switch: every (re)connection runs a repair. */
  watchSwitch(): void {
    if (this.watch || this.closed) return;
    this.watch = new SwitchWatch(this.client().socketPath);
    this.watch.on('up', () => {
      void this.repair().catch(() => undefined);
    });
    this.watch.start();
  }

  close(): void {
    this.closed = true;
    this.watch?.close();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** Waits for a repair in progress, if any. */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  // ---- interfaces ----

  private listPorts(): ListedPort[] {
    return this.client()
      .ports()
      .map((p) => ({
        port: Number(p.port),
        switch: String(p.switch),
        kind: String(p.kind),
        name: String(p.name ?? ''),
      }));
  }

  private attachNow(i: Omit<InterfaceRecord, 'createdAt'>): number {
    const reply = this.client().request({
      op: i.kind === 'nic' ? 'nic-attach' : 'tap-attach',
      switch: i.switch,
      ifname: i.ifname,
      ...(i.mode ? { mode: i.mode } : {}),
      ...(i.zerocopy !== undefined ? { zerocopy: i.zerocopy } : {}),
      ...(i.busy ? { busy: true } : {}),
    });
    return Number(reply.port);
  }

  /**
   * Attaches a Linux interface to a switch (an existing one as a NIC port, or a new TAP
   * interface) and records it, so it is attached again after a switch restart. The switch's
   * refusal (no such interface, already a port, not root) is thrown and nothing is recorded.
   */
  attach(input: InterfaceSpecInput): AttachedInterface {
    const spec = validate(InterfaceSpec, input, 'interface port');
    const port = this.attachNow(spec);
    this.store.putInterface(spec);
    this.store.addEvent(undefined, 'interface-attached', { ...spec, port });
    return { switch: spec.switch, port, kind: spec.kind, ifname: spec.ifname };
  }

  /** Detaches the interface's port (if the switch has it) and forgets it. */
  detach(ifname: string): void {
    const recorded = this.store.interfaces().find((i) => i.ifname === ifname);
    let listed: ListedPort | undefined;
    try {
      listed = this.listPorts().find((p) => isInterfaceKind(p.kind) && p.name === ifname);
    } catch (err) {
      if (!recorded) throw err;
    }
    if (!recorded && !listed) throw new NotFound(`no switch has interface '${ifname}' as a port`);
    if (listed) this.client().detach(listed.port);
    if (recorded) this.store.removeInterface(ifname);
    this.store.addEvent(undefined, 'interface-detached', {
      ifname,
      ...(listed ? { port: listed.port } : {}),
    });
  }

  /**
   * Detaches switch port `port`, whatever it is; if it is a recorded interface, it is forgotten
   * too (not attached again after a switch restart).
   */
  detachPort(port: number): void {
    const listed = this.listPorts().find((p) => p.port === port);
    if (!listed) throw new NotFound(`switch: no port ${port}`);
    this.client().detach(port);
    if (isInterfaceKind(listed.kind) && this.store.removeInterface(listed.name)) {
      this.store.addEvent(undefined, 'interface-detached', { ifname: listed.name, port });
    }
  }

  /** The recorded interfaces (of one switch or all) and their port numbers on the switch now. */
  interfaces(switchName?: string): InterfaceStatus[] {
    let listed: ListedPort[] = [];
    try {
      listed = this.listPorts();
    } catch {
      // no switch: nothing is attached
    }
    return this.store.interfaces(switchName).map((i) => ({
      ...i,
      port: listed.find((p) => p.switch === i.switch && isInterfaceKind(p.kind) && p.name === i.ifname)?.port,
    }));
  }

  // ---- static entries of interface ports ----

  /**
   * A static MAC entry on a switch for the port of interface `ifname` (recorded through
   * attach): kept in the store, applied now if the interface is attached, and again whenever
   * the interface is attached again after a switch restart. Detaching the interface drops it.
   * Adding the same MAC again replaces the entry (it may name another interface).
   */
  addEntry(entry: InterfaceEntryRecord): void {
    const sw = validate(SwitchName, entry.switch, 'switch name');
    const mac = validate(Mac, entry.mac, 'MAC address').toLowerCase();
    const ifname = validate(IfName, entry.ifname, 'interface name');
    const recorded = this.store.interfaces(sw).find((i) => i.ifname === ifname);
    if (!recorded) throw new NotFound(`interface '${ifname}' is not a recorded port of switch '${sw}'`);
    this.store.putInterfaceEntry({ switch: sw, mac, ifname });
    let listed: ListedPort | undefined;
    try {
      listed = this.listPorts().find((p) => p.switch === sw && isInterfaceKind(p.kind) && p.name === ifname);
    } catch {
      // no switch now: the repair applies it when one comes
    }
    if (listed) this.applyEntry(undefined, sw, mac, listed.port);
  }

  /**
   * Removes a static entry of an interface port from the store and from the switch; NotFound
   * only if neither has it.
   */
  removeEntry(switchName: string, mac: string): void {
    const recorded = this.store.removeInterfaceEntry(switchName, mac);
    try {
      this.client().tableRemove(switchName, mac);
    } catch (err) {
      if (!(err instanceof NotFound) || !recorded) throw err;
    }
  }

  entries(switchName?: string): InterfaceEntryRecord[] {
    return this.store.interfaceEntries(switchName);
  }

  private applyEntry(instance: string | undefined, switchName: string, mac: string, port: number): boolean {
    try {
      this.client().tableAdd(switchName, mac, port);
      return true;
    } catch (err) {
      this.store.addEvent(instance, 'switch-entry-failed', {
        switch: switchName,
        mac,
        error: (err as Error).message,
      });
      return false;
    }
  }

  // ---- repair ----

  /**
   * Makes the switch hold what the store says: recorded interfaces, running instances' ring
   * ports, their static entries. Runs one at a time (a request during a run runs once more
   * after it). What fails is reported and retried with back-off.
   */
  repair(): Promise<SwitchRepairResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      let result: SwitchRepairResult;
      do {
        this.again = false;
        result = await this.repairOnce();
      } while (this.again && !this.closed);
      return result;
    })();
    this.running = run;
    void run.then(
      (r) => this.afterRepair(r),
      (err: Error) =>
        this.afterRepair({
          interfaces: [],
          instances: [],
          entries: 0,
          failures: [{ what: 'switch', error: err.message }],
          durationMs: 0,
        }),
    );
    return run;
  }

  private afterRepair(result: SwitchRepairResult): void {
    this.running = undefined;
    if (this.closed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (result.failures.length > 0) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.repair().catch(() => undefined);
      }, this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
    } else {
      this.retryMs = this.options.retryMs ?? 1000;
    }
    this.emit('repaired', result);
  }

  private async repairOnce(): Promise<SwitchRepairResult> {
    const started = performance.now();
    const result: SwitchRepairResult = {
      interfaces: [],
      instances: [],
      entries: 0,
      failures: [],
      durationMs: 0,
    };
    try {
      await this.repairInto(result);
    } finally {
      result.durationMs = performance.now() - started;
    }
    return result;
  }

  private async repairInto(result: SwitchRepairResult): Promise<void> {
    const recorded = this.store.interfaces();
    // Handles taken before the listing: an instance (re)started after it has ports from the
    // switch that answered, and is left alone (its handle differs by then).
    const withPorts = this.supervisor
      .runningNames()
      .map((name) => ({ name, handle: this.supervisor.handle(name) }))
      .filter((i) => ((i.handle?.runtime.ports ?? []) as PortStatus[]).length > 0);
    if (recorded.length === 0 && withPorts.length === 0) return; // nothing of ours on any switch
    let listed: ListedPort[];
    try {
      listed = this.listPorts();
    } catch (err) {
      result.failures.push({ what: 'switch', error: (err as Error).message });
      return;
    }

    for (const i of recorded) {
      if (listed.some((p) => isInterfaceKind(p.kind) && p.name === i.ifname)) continue;
      try {
        const port = this.attachNow(i);
        result.interfaces.push({ switch: i.switch, port, kind: i.kind, ifname: i.ifname });
        this.store.addEvent(undefined, 'interface-restored', { switch: i.switch, ifname: i.ifname, port });
        for (const e of this.store.interfaceEntries(i.switch)) {
          if (e.ifname === i.ifname && this.applyEntry(undefined, e.switch, e.mac, port)) result.entries++;
        }
      } catch (err) {
        const error = (err as Error).message;
        result.failures.push({ what: `interface ${i.ifname}`, error });
        this.store.addEvent(undefined, 'interface-restore-failed', {
          switch: i.switch,
          ifname: i.ifname,
          error,
        });
      }
    }

    for (const { name, handle } of withPorts) {
      const ports = (handle?.runtime.ports ?? []) as PortStatus[];
      // A ring port of the instance's name on its switch is the instance's port (names are
      // kept in the port memory, so a reattached port has its name too).
      const lost = ports
        .filter(
          (p) =>
            !listed.some(
              (l) => l.switch === p.switch && l.kind === 'ring' && isPortOf(l.name, name, p.devid),
            ),
        )
        .map((p) => p.devid);
      if (lost.length === 0) continue;
      try {
        const given = await this.supervisor.reattachPorts(name, lost, handle);
        if (given.length > 0) {
          result.instances.push({ name, ports: given });
          result.entries += this.pushEntries(name, given);
        }
      } catch (err) {
        const error = (err as Error).message;
        result.failures.push({ what: `instance ${name}`, error });
        this.store.addEvent(name, 'ports-reattach-failed', { devids: lost, error });
      }
    }
  }

  /**
   * Applies the static MAC entries of an instance's ports to the switch: those the store keeps
   * (m.addSwitchEntry) and the MAC each port was created with. Only `ports` (default: all the
   * instance's attached ports); failures are logged as events, not thrown. Returns how many.
   */
  pushEntries(name: string, ports?: PortStatus[]): number {
    const attached = ports ?? ((this.supervisor.handle(name)?.runtime.ports ?? []) as PortStatus[]);
    let applied = 0;
    const apply = (switchName: string, mac: string, port: number) => {
      if (this.applyEntry(name, switchName, mac, port)) applied++;
    };
    for (const e of this.store.switchEntries()) {
      if (e.instance !== name) continue;
      const port = attached.find((p) => p.devid === e.devid && p.switch === e.switch);
      if (port) apply(e.switch, e.mac, port.port);
    }
    if (ports) for (const p of ports) if (p.mac) apply(p.switch, p.mac, p.port);
    return applied;
  }
}
