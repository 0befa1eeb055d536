// The instance operations of @clickos/core, Cosmos style: create, install (start = install),
// start, stop, destroy, suspend, resume, read and write handlers, list, stats, and bulk
// reconfiguration by label. The CLI and the API are thin shells over this class.
import { join } from 'node:path';
import type { Backend, InstanceStats } from '../backends/backend.js';
import { ProcessBackend, type ProcessBackendOptions } from '../backends/process/process-backend.js';
import { BackendError, ConfigError, Conflict, NotFound, RestartRequired } from '../errors.js';
import type { CheckResult } from '../lang/types.js';
import { checkConfig } from '../plugins/check.js';
import {
  type DesiredState,
  type EventRecord,
  type InstanceRecord,
  type InterfaceEntryRecord,
  Store,
  type SwitchEntryRecord,
} from '../store/store.js';
import { defaultSwitchSocket, SwitchClient } from '../switch/client.js';
import type { BackoffOptions } from '../supervisor/backoff.js';
import { type SupervisorEvent, Supervisor, specOf, type WatchdogOptions } from '../supervisor/supervisor.js';
import {
  type AttachedInterface,
  type InterfaceStatus,
  SwitchState,
  type SwitchRepairResult,
  type SwitchStateOptions,
} from './switch-state.js';
import {
  CreateSpec,
  type CreateSpecInput,
  Definitions,
  type InterfaceSpecInput,
  InstanceName,
  labelsMatch,
  Mac,
  type PortSpecValue,
  Selector,
  type SelectorValue,
  validate,
} from './spec.js';

export interface InstanceManagerOptions {
  /** The control store's SQLite file. */
  storePath: string;
  /** Where instances' directories go (default: next to the store, "instances/"). */
  stateDir?: string;
  /** The switch's control socket (default $CLICKOS_SWITCH_SOCKET or /run/clickos/switch.sock). */
  switchSocket?: string;
  /** Options of the process backend beyond stateDir and switchSocket. */
  process?: Partial<ProcessBackendOptions>;
  /** Replace or add backends (the process backend is built from the options above otherwise). */
  backends?: Record<string, Backend>;
  backoff?: BackoffOptions;
  watchdog?: WatchdogOptions;
  /**
   * Watch the switch and, when it restarts, put back what the store says it should hold
   * (interfaces, instances' ring ports, static entries); default true.
   */
  watchSwitch?: boolean;
  /** Back-off of a switch repair that left failures (default 1 s doubling to 30 s). */
  switchRepair?: SwitchStateOptions;
}

export type InstanceStatus = 'running' | 'suspended' | 'stopped' | 'restarting';

export interface InstanceInfo {
  name: string;
  backend: string;
  labels: Record<string, string>;
  desired: DesiredState;
  status: InstanceStatus;
  configVersion: number | undefined;
  ports: PortSpecValue[];
  createdAt: string;
}

export interface InstallOptions {
  definitions?: Record<string, string>;
  /** The name configuration errors are reported under; default "<instance>.click". */
  filename?: string;
  /**
   * When the running instance cannot take the configuration in place (RestartRequired), restart
   * it with the new one (the default) or refuse with the error.
   */
  restart?: boolean;
}

export interface InstallResult {
  version: number;
  /** stored: the instance does not run (start runs it); hot-swap: installed in place; restart: it restarted. */
  mode: 'stored' | 'hot-swap' | 'restart';
}

export type BulkResult<T> = { name: string; ok: true; value: T } | { name: string; ok: false; error: Error };

/** Runs `fn` over `items`, at most `concurrency` at a time; results in the items' order. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export class InstanceManager {
  /** Where instances find element packages (ProcessBackendOptions.packagePath). */
  private packagePath: string[] = [];

  /** The switch's desired state (interfaces, ports, entries) and its repair after a restart. */
  readonly switchState: SwitchState;

  private constructor(
    readonly store: Store,
    readonly supervisor: Supervisor,
    private readonly switchSocket: string | undefined,
    switchRepair: SwitchStateOptions = {},
  ) {
    this.switchState = new SwitchState(store, supervisor, () => this.switchClient(), switchRepair);
    // Static switch entries follow their instance port: pushed whenever it (re)starts.
    supervisor.on('event', (e: SupervisorEvent) => {
      if (e.kind === 'started') this.pushSwitchEntries(e.instance);
    });
  }

  // Configurations that require element packages are checked out of process with them loaded.
  check(text: string, options: { filename: string; definitions: Record<string, string> }): CheckResult {
    return checkConfig(text, { ...options, packagePath: this.packagePath });
  }

  private switchClient(): SwitchClient {
    return new SwitchClient(this.switchSocket ?? defaultSwitchSocket());
  }

  // Applies the stored static entries of the instance's ports to the switch (a port that is
  // not attached has none to apply); failures are logged as events, not thrown.
  private pushSwitchEntries(name: string): void {
    if (this.store.switchEntries().some((e) => e.instance === name)) this.switchState.pushEntries(name);
  }

  // ---- Linux interfaces as switch ports (NIC and TAP), kept in the store ----

  /**
   * Attaches a Linux interface to a switch: an existing one as a NIC port (`kind: 'nic'`,
   * AF_PACKET or `mode: 'xdp'`) or a new TAP interface (`kind: 'tap'`). It is recorded in the
   * store and attached again whenever the switch restarts. The switch's refusal is thrown
   * (NotFound, Conflict: already a port, BackendError) and nothing is recorded.
   */
  attachInterface(spec: InterfaceSpecInput): AttachedInterface {
    return this.switchState.attach(spec);
  }

  /** Detaches the interface from its switch and forgets it (NotFound if neither knows it). */
  detachInterface(ifname: string): void {
    this.switchState.detach(ifname);
  }

  /** Detaches switch port `port`; a recorded interface behind it is forgotten too. */
  detachPort(port: number): void {
    this.switchState.detachPort(port);
  }

  /**
   * A static MAC entry for the port of a recorded interface: kept in the store, applied now and
   * whenever the interface is attached again (after a switch restart). The same MAC again
   * replaces the entry.
   */
  addInterfaceEntry(entry: InterfaceEntryRecord): void {
    this.switchState.addEntry(entry);
  }

  /** Removes it from the store and the switch (NotFound if neither has it). */
  removeInterfaceEntry(switchName: string, mac: string): void {
    this.switchState.removeEntry(switchName, mac);
  }

  interfaceEntries(switchName?: string): InterfaceEntryRecord[] {
    return this.switchState.entries(switchName);
  }

  /** The recorded interfaces (of one switch or all) with their port numbers on the switch now. */
  interfaces(switchName?: string): InterfaceStatus[] {
    return this.switchState.interfaces(switchName);
  }

  /**
   * Puts back on the switch what the store says it holds and it lacks: recorded interfaces,
   * running instances' ring ports (handed back with the frames in their rings), their static
   * entries. Runs by itself whenever the switch (re)appears; this runs it now.
   */
  repairSwitch(): Promise<SwitchRepairResult> {
    return this.switchState.repair();
  }

  /**
   * A static MAC entry on a switch for port `devid` of `instance`: kept in the store and applied
   * to the switch now (if the instance runs) and every time the instance starts again.
   */
  addSwitchEntry(entry: SwitchEntryRecord): void {
    const mac = validate(Mac, entry.mac, 'MAC address');
    const rec = this.store.getInstance(entry.instance);
    const spec = rec.ports[entry.devid];
    if (!spec || spec.switch !== entry.switch) {
      throw new NotFound(
        `instance '${entry.instance}' has no port ${entry.devid} on switch '${entry.switch}'`,
      );
    }
    this.store.addSwitchEntry({ ...entry, mac });
    this.pushSwitchEntries(entry.instance);
  }

  removeSwitchEntry(switchName: string, mac: string): void {
    this.store.removeSwitchEntry(switchName, mac);
    try {
      this.switchClient().tableRemove(switchName, mac);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
  }

  switchEntries(switchName?: string): SwitchEntryRecord[] {
    return this.store.switchEntries(switchName);
  }

  /** Opens the store and a supervisor that re-adopts or restarts what the store wants running. */
  static async open(options: InstanceManagerOptions): Promise<InstanceManager> {
    const store = Store.open(options.storePath);
    try {
      const backends: Record<string, Backend> = { ...options.backends };
      if (!backends.process) {
        backends.process = new ProcessBackend({
          stateDir: options.stateDir ?? join(options.storePath, '..', 'instances'),
          ...(options.switchSocket ? { switchSocket: options.switchSocket } : {}),
          ...options.process,
        });
      }
      const supervisor = await Supervisor.open({
        store,
        backends,
        ...(options.backoff ? { backoff: options.backoff } : {}),
        ...(options.watchdog ? { watchdog: options.watchdog } : {}),
      });
      const manager = new InstanceManager(
        store,
        supervisor,
        options.switchSocket ?? options.process?.switchSocket,
        options.switchRepair,
      );
      manager.packagePath = options.process?.packagePath ?? [];
      if (options.watchSwitch ?? true) manager.switchState.watchSwitch();
      return manager;
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** Stops supervising and closes the store; instances keep running unless `stopInstances`. */
  async close(options: { stopInstances?: boolean } = {}): Promise<void> {
    this.switchState.close();
    await this.switchState.settled();
    await this.supervisor.close(options);
    this.store.close();
  }

  private info(rec: InstanceRecord): InstanceInfo {
    const h = this.supervisor.handle(rec.name);
    let status: InstanceStatus;
    if (h) status = h.state === 'suspended' ? 'suspended' : 'running';
    else status = rec.desired === 'stopped' ? 'stopped' : 'restarting';
    return {
      name: rec.name,
      backend: rec.backend,
      labels: rec.labels,
      desired: rec.desired,
      status,
      configVersion: rec.configVersion,
      ports: rec.ports,
      createdAt: rec.createdAt,
    };
  }

  /** Creates an instance (stopped). Its ports are attached to their switches now. */
  async create(input: CreateSpecInput): Promise<InstanceInfo> {
    const spec = validate(CreateSpec, input, 'instance');
    const backend = this.supervisor.backend(spec.backend);
    if (spec.config !== undefined) {
      const checked = this.check(spec.config, {
        filename: `${spec.name}.click`,
        definitions: spec.definitions,
      });
      if (!checked.ok) throw new ConfigError(checked.diagnostics);
    }
    const rec = this.store.createInstance(spec);
    try {
      await backend.create(specOf(rec));
    } catch (err) {
      this.store.deleteInstance(spec.name);
      await backend.destroy(spec.name).catch(() => undefined);
      throw err;
    }
    if (spec.config !== undefined) {
      const cfg = this.store.addConfig(spec.name, spec.config, spec.definitions);
      this.store.setConfigVersion(spec.name, cfg.version);
    }
    this.store.addEvent(spec.name, 'created', { backend: spec.backend, labels: spec.labels });
    return this.info(this.store.getInstance(spec.name));
  }

  get(name: string): InstanceInfo {
    return this.info(this.store.getInstance(name));
  }

  /** Instances, all or those the selector picks, sorted by name. */
  list(selector: SelectorValue = 'all'): InstanceInfo[] {
    return this.selectRecords(selector).map((r) => this.info(r));
  }

  private selectRecords(selector: SelectorValue): InstanceRecord[] {
    const sel = validate(Selector, selector, 'selector');
    if (sel === 'all') return this.store.listInstances();
    if ('names' in sel) return sel.names.map((n) => this.store.getInstance(n));
    return this.store.listInstances().filter((r) => labelsMatch(r.labels, sel.labels));
  }

  /** Names the selector picks. */
  select(selector: SelectorValue): string[] {
    return this.selectRecords(selector).map((r) => r.name);
  }

  /**
   * Installs a configuration: checked first (a ConfigError with every file:line:col, and
   * nothing changes), stored as the instance's next version, then hot-swapped into the running
   * instance (element state is kept where classes and names match). If the instance rejects it
   * the old configuration keeps running and stays the current version.
   */
  async install(name: string, text: string, options: InstallOptions = {}): Promise<InstallResult> {
    validate(InstanceName, name, 'instance name');
    this.store.getInstance(name);
    const definitions = validate(Definitions, options.definitions ?? {}, 'definitions');
    const checked = this.check(text, { filename: options.filename ?? `${name}.click`, definitions });
    if (!checked.ok) throw new ConfigError(checked.diagnostics);
    return this.installChecked(name, text, definitions, options.restart ?? true);
  }

  private installChecked(
    name: string,
    text: string,
    definitions: Record<string, string>,
    restart: boolean,
  ): Promise<InstallResult> {
    return this.supervisor.serialize(name, async () => {
      const rec = this.store.getInstance(name);
      const cfg = this.store.addConfig(name, text, definitions);
      const payload = { text, definitions, version: cfg.version };
      const handle = this.supervisor.handle(name);
      if (!handle) {
        this.store.setConfigVersion(name, cfg.version);
        this.store.addEvent(name, 'installed', { version: cfg.version, mode: 'stored' });
        return { version: cfg.version, mode: 'stored' };
      }
      const backend = this.supervisor.backend(rec.backend);
      try {
        await backend.install(handle, payload);
        this.store.setConfigVersion(name, cfg.version);
        this.store.addEvent(name, 'installed', { version: cfg.version, mode: 'hot-swap' });
        return { version: cfg.version, mode: 'hot-swap' };
      } catch (err) {
        this.store.addEvent(name, 'install-failed', { version: cfg.version, error: (err as Error).message });
        if (!(err instanceof RestartRequired) || !restart) throw err;
      }
      const suspended = handle.state === 'suspended';
      await this.supervisor.halt(name);
      try {
        const h = await this.supervisor.boot(name, payload);
        if (suspended) await backend.suspend(h);
      } catch (bootErr) {
        // The new configuration does not boot: bring the old one back, then report.
        const old = await this.supervisor.boot(name).catch(() => undefined);
        if (old && suspended) await backend.suspend(old).catch(() => undefined);
        throw bootErr;
      }
      this.store.setConfigVersion(name, cfg.version);
      this.store.addEvent(name, 'installed', { version: cfg.version, mode: 'restart' });
      return { version: cfg.version, mode: 'restart' };
    });
  }

  /**
   * Installs one configuration into every selected instance (checked once), `concurrency` at a
   * time. Each instance's outcome is reported; one failure does not stop the others.
   */
  async reconfigure(
    selector: SelectorValue,
    text: string,
    options: InstallOptions & { concurrency?: number } = {},
  ): Promise<Array<BulkResult<InstallResult>>> {
    const names = this.select(selector);
    const definitions = validate(Definitions, options.definitions ?? {}, 'definitions');
    const checked = this.check(text, { filename: options.filename ?? 'config.click', definitions });
    if (!checked.ok) throw new ConfigError(checked.diagnostics);
    return pool(names, options.concurrency ?? 32, (name) =>
      this.installChecked(name, text, definitions, options.restart ?? true).then(
        (value) => ({ name, ok: true as const, value }),
        (error: Error) => ({ name, ok: false as const, error }),
      ),
    );
  }

  /** Runs the instance's current configuration (it stays wanted running: crashes restart it). */
  start(name: string): Promise<InstanceInfo> {
    return this.supervisor.serialize(name, async () => {
      const rec = this.store.getInstance(name);
      if (rec.configVersion === undefined) {
        throw new Conflict(`instance '${name}' has no configuration: install one first`);
      }
      const h = this.supervisor.handle(name);
      if (!h) await this.supervisor.boot(name);
      else if (h.state === 'suspended') await this.supervisor.backend(rec.backend).resume(h);
      this.store.setDesired(name, 'running');
      return this.info(this.store.getInstance(name));
    });
  }

  stop(name: string): Promise<InstanceInfo> {
    return this.supervisor.serialize(name, async () => {
      this.store.setDesired(name, 'stopped');
      await this.supervisor.halt(name);
      return this.info(this.store.getInstance(name));
    });
  }

  /** Stops the instance and releases everything it had: ports, cgroups, directory, stored state. */
  destroy(name: string): Promise<void> {
    return this.supervisor.serialize(name, async () => {
      const rec = this.store.getInstance(name);
      this.store.setDesired(name, 'stopped');
      await this.supervisor.halt(name);
      await this.supervisor.backend(rec.backend).destroy(name, rec.runtime);
      this.store.deleteInstance(name);
      this.store.addEvent(name, 'destroyed');
    });
  }

  /** Freezes the running instance, its state kept in memory. */
  suspend(name: string): Promise<InstanceInfo> {
    return this.supervisor.serialize(name, async () => {
      const rec = this.store.getInstance(name);
      const h = this.running(name);
      if (h.state !== 'suspended') await this.supervisor.backend(rec.backend).suspend(h);
      this.store.setDesired(name, 'suspended');
      this.store.addEvent(name, 'suspended');
      return this.info(rec);
    });
  }

  resume(name: string): Promise<InstanceInfo> {
    return this.supervisor.serialize(name, async () => {
      const rec = this.store.getInstance(name);
      const h = this.running(name);
      await this.supervisor.backend(rec.backend).resume(h);
      this.store.setDesired(name, 'running');
      this.store.addEvent(name, 'resumed');
      return this.info(rec);
    });
  }

  /** Runs `op` on every selected instance, `concurrency` at a time. */
  async each<T>(
    selector: SelectorValue,
    op: (name: string) => Promise<T>,
    concurrency = 32,
  ): Promise<Array<BulkResult<T>>> {
    return pool(this.select(selector), concurrency, (name) =>
      op(name).then(
        (value) => ({ name, ok: true as const, value }),
        (error: Error) => ({ name, ok: false as const, error }),
      ),
    );
  }

  private running(name: string) {
    const h = this.supervisor.handle(name);
    if (h) return h;
    const rec = this.store.findInstance(name);
    if (!rec) throw new NotFound(`no instance named '${name}'`);
    throw new Conflict(`instance '${name}' is not running`);
  }

  // A frozen instance cannot answer: refuse at once rather than wait.
  private answering(name: string) {
    const h = this.running(name);
    if (h.state === 'suspended') throw new Conflict(`instance '${name}' is suspended: resume it first`);
    return h;
  }

  /**
   * A read handler's value ("element.handler", or a global handler such as "config"), as the
   * handler gives it (Click's handlers end values with a newline).
   */
  async read(name: string, handler: string, params?: string | Buffer): Promise<string> {
    return this.answering(name).control.read(handler, params);
  }

  async readBytes(name: string, handler: string, params?: string | Buffer): Promise<Buffer> {
    return this.answering(name).control.readBytes(handler, params);
  }

  /** Calls a write handler; resolves with its warnings. */
  async write(name: string, handler: string, value: string | Buffer = ''): Promise<string[]> {
    return this.answering(name).control.write(handler, value);
  }

  async stats(name: string): Promise<InstanceStats> {
    const rec = this.store.getInstance(name);
    const h = this.supervisor.handle(name);
    if (!h) return { state: 'stopped', ports: [] };
    return this.supervisor.backend(rec.backend).stats(h);
  }

  /** The stored configuration the instance runs (or will run), if any. */
  config(name: string): { version: number; text: string; definitions: Record<string, string> } | undefined {
    const c = this.store.currentConfig(name);
    return c ? { version: c.version, text: c.text, definitions: c.definitions } : undefined;
  }

  events(
    options: { instance?: string; afterId?: number; kind?: string; limit?: number } = {},
  ): EventRecord[] {
    return this.store.events(options);
  }

  /** A consistent copy of the control store (see restoreStore to bring it back). */
  backup(destination: string): Promise<void> {
    if (!this.store.db.open) return Promise.reject(new BackendError('the store is closed'));
    return this.store.backup(destination);
  }
}
