// The supervisor: makes the running instances match the desired state in the control store.
// It starts instances with their current configuration, restarts crashed ones with back-off,
// restarts ones that stop answering their control channel (the watchdog), and on opening
// re-adopts the instances a previous supervisor left running (restarting the missing ones).
// Every operation on one instance is serialized; operations on different instances run at once.
// One supervisor per store: open() takes the store's lock (lock.ts) and close() gives it up.
import { EventEmitter } from 'node:events';
import type {
  Backend,
  ConfigPayload,
  ExitInfo,
  InstanceHandle,
  InstanceSpec,
  PortStatus,
} from '../backends/backend.js';
import { encodeCommand } from '../control/protocol.js';
import { BackendError, Conflict, RestartRequired } from '../errors.js';
import type { InstanceRecord, Store } from '../store/store.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { SupervisorLock } from './lock.js';

export interface WatchdogOptions {
  /**
   * How often each running instance is probed; default 5000 ms (0: no watchdog). Each probe
   * wakes the instance: 1000 instances probed every second cost a few percent of a CPU, in the
   * supervisor and in the instances.
   */
  intervalMs?: number;
  /** An instance that takes longer to answer is restarted; default 2000 ms. */
  timeoutMs?: number;
}

export interface SupervisorOptions {
  store: Store;
  backends: Record<string, Backend>;
  backoff?: BackoffOptions;
  watchdog?: WatchdogOptions;
}

/** What the supervisor reports (also written to the store's event log). */
export interface SupervisorEvent {
  kind:
    | 'started'
    | 'adopted'
    | 'stopped'
    | 'crashed'
    | 'restarted'
    | 'restart-failed'
    | 'unresponsive'
    | 'missing'
    | 'suspended'
    | 'resumed'
    | 'ports-reattached';
  instance: string;
  detail: Record<string, unknown>;
}

interface Live {
  handle: InstanceHandle;
  startedAt: number;
  /** The watchdog round whose probe is unanswered, 0 when none is. */
  probing: number;
}

// The watchdog's probe: any reply shows the instance's event loop serves its control channel
// (a configuration stuck in a loop, or a stopped process, sends none). CHECKREAD's reply is a
// single line with no data, the least there is to send, receive and decode.
const PROBE = encodeCommand('CHECKREAD', 'version');

export function specOf(rec: InstanceRecord): InstanceSpec {
  return { name: rec.name, labels: rec.labels, ports: rec.ports, resources: rec.resources };
}

export class Supervisor extends EventEmitter {
  readonly store: Store;
  private readonly backends: Record<string, Backend>;
  private readonly live = new Map<string, Live>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private readonly backoffs = new Map<string, Backoff>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly backoffOptions: BackoffOptions;
  private readonly watchdogInterval: number;
  private readonly watchdogTimeout: number;
  private watchdogTimer: NodeJS.Timeout | undefined;
  private watchdogRound = 0;
  private lock: SupervisorLock | undefined;
  private closed = false;

  constructor(options: SupervisorOptions) {
    super();
    this.store = options.store;
    this.backends = options.backends;
    this.backoffOptions = options.backoff ?? {};
    this.watchdogInterval = options.watchdog?.intervalMs ?? 5000;
    this.watchdogTimeout = options.watchdog?.timeoutMs ?? 2000;
  }

  /**
   * A supervisor that has re-adopted (or restarted) every instance the store wants running. It
   * holds the store's lock until close(): a second supervisor of the same store, in any
   * process, is refused with StoreInUse while this one's process lives.
   */
  static async open(options: SupervisorOptions): Promise<Supervisor> {
    const lock = SupervisorLock.acquire(options.store);
    const s = new Supervisor(options);
    s.lock = lock;
    try {
      await s.recover();
    } catch (err) {
      lock.release();
      throw err;
    }
    s.startWatchdog();
    return s;
  }

  backend(kind: string): Backend {
    const b = this.backends[kind];
    if (!b) throw new BackendError(`no backend '${kind}' (known: ${Object.keys(this.backends).join(', ')})`);
    return b;
  }

  /** Names of the instances running (or suspended) under this supervisor. */
  runningNames(): string[] {
    return [...this.live.keys()];
  }

  /** The running instance's handle, if it runs. */
  handle(name: string): InstanceHandle | undefined {
    return this.live.get(name)?.handle;
  }

  /** Runs `fn` after every earlier operation on `name` has finished. */
  serialize<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(name) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.locks.set(name, settled);
    void settled.then(() => {
      if (this.locks.get(name) === settled) this.locks.delete(name);
    });
    return run;
  }

  private report(
    kind: SupervisorEvent['kind'],
    instance: string,
    detail: Record<string, unknown> = {},
  ): void {
    if (this.store.db.open) this.store.addEvent(instance, kind, detail);
    this.emit('event', { kind, instance, detail } satisfies SupervisorEvent);
  }

  private payload(rec: InstanceRecord): ConfigPayload {
    if (rec.configVersion === undefined) {
      throw new Conflict(`instance '${rec.name}' has no configuration: install one first`);
    }
    const c = this.store.getConfig(rec.name, rec.configVersion);
    return { text: c.text, definitions: c.definitions, version: c.version };
  }

  private track(name: string, handle: InstanceHandle): void {
    this.live.set(name, { handle, startedAt: Date.now(), probing: 0 });
    this.store.setRuntime(name, handle.runtime);
    void handle.exited.then((info) => this.onExit(name, handle, info));
  }

  /** Forgets the live handle before a deliberate stop, so its exit is not taken for a crash. */
  private untrack(name: string): Live | undefined {
    const l = this.live.get(name);
    this.live.delete(name);
    return l;
  }

  /** Boots the instance with its current configuration (it must not run). */
  async boot(name: string, config?: ConfigPayload): Promise<InstanceHandle> {
    const rec = this.store.getInstance(name);
    const handle = await this.backend(rec.backend).start(specOf(rec), config ?? this.payload(rec));
    if (this.closed) {
      handle.release();
      throw new BackendError('the supervisor was closed');
    }
    this.track(name, handle);
    this.report('started', name, { runtime: handle.runtime });
    return handle;
  }

  /** Stops the instance if it runs, and cancels a pending restart. */
  async halt(name: string): Promise<void> {
    this.cancelRestart(name);
    const l = this.untrack(name);
    if (l) {
      const rec = this.store.findInstance(name);
      await this.backend(rec?.backend ?? l.handle.backend).stop(l.handle);
      this.report('stopped', name);
    }
    if (this.store.findInstance(name)) this.store.setRuntime(name, undefined);
  }

  private cancelRestart(name: string): void {
    const t = this.restartTimers.get(name);
    if (t) clearTimeout(t);
    this.restartTimers.delete(name);
  }

  private onExit(name: string, handle: InstanceHandle, info: ExitInfo): void {
    if (this.closed) return;
    const l = this.live.get(name);
    if (!l || l.handle !== handle) return; // stopped on purpose, or already replaced
    this.live.delete(name);
    const rec = this.store.findInstance(name);
    if (!rec) return;
    this.store.setRuntime(name, undefined);
    const uptimeMs = Date.now() - l.startedAt;
    this.report('crashed', name, { code: info.code, signal: info.signal, uptimeMs, log: info.log.slice(-5) });
    if (rec.desired !== 'stopped') this.scheduleRestart(name, uptimeMs);
  }

  private scheduleRestart(name: string, uptimeMs: number): void {
    let b = this.backoffs.get(name);
    if (!b) {
      b = new Backoff(this.backoffOptions);
      this.backoffs.set(name, b);
    }
    const delay = b.next(uptimeMs);
    this.cancelRestart(name);
    const timer = setTimeout(() => {
      this.restartTimers.delete(name);
      void this.serialize(name, () => this.restartNow(name, delay));
    }, delay);
    timer.unref();
    this.restartTimers.set(name, timer);
  }

  private async restartNow(name: string, delayMs: number): Promise<void> {
    if (this.closed || this.live.has(name)) return;
    const rec = this.store.findInstance(name);
    if (!rec || rec.desired === 'stopped') return;
    try {
      const handle = await this.boot(name);
      if (rec.desired === 'suspended') await this.backend(rec.backend).suspend(handle);
      this.report('restarted', name, { afterMs: delayMs, attempt: this.backoffs.get(name)?.count ?? 1 });
    } catch (err) {
      if (this.closed) return;
      this.report('restart-failed', name, { error: (err as Error).message });
      this.scheduleRestart(name, 0);
    }
  }

  /**
   * Gives ports `devids` of the running instance back to a switch that restarted and forgot
   * them, keeping the instance and the frames in its rings; resolves with the ports' new
   * numbers (none if the instance no longer runs, or no longer is `expected`: it restarted and
   * has ports of the switch that is there now). A backend that cannot do this, or cannot for
   * this instance (RestartRequired), restarts the instance instead: it gets fresh ports and
   * loses its element state.
   */
  reattachPorts(name: string, devids: number[], expected?: InstanceHandle): Promise<PortStatus[]> {
    return this.serialize(name, async () => {
      const l = this.live.get(name);
      if (!l || this.closed || (expected && l.handle !== expected)) return [];
      const backend = this.backend(l.handle.backend);
      let why = `the ${backend.kind} backend cannot hand ports back`;
      if (backend.reattachPorts) {
        try {
          const ports = await backend.reattachPorts(l.handle, devids);
          if (this.live.get(name) === l) this.store.setRuntime(name, l.handle.runtime);
          this.report('ports-reattached', name, { ports });
          return ports;
        } catch (err) {
          // Ports handed back before the failure have their new numbers in the runtime record:
          // the store keeps them too (a supervisor opened after a crash adopts that record).
          if (this.live.get(name) === l) this.store.setRuntime(name, l.handle.runtime);
          if (!(err instanceof RestartRequired)) throw err;
          why = err.message;
        }
      }
      const suspended = l.handle.state === 'suspended';
      await this.halt(name);
      let h: InstanceHandle;
      try {
        h = await this.boot(name);
      } catch (err) {
        // Still wanted running (or suspended): booted again with back-off, as after a crash.
        if (!this.closed) {
          this.report('restart-failed', name, { error: (err as Error).message });
          this.scheduleRestart(name, 0);
        }
        throw err;
      }
      if (suspended) await backend.suspend(h);
      this.report('restarted', name, { reason: `switch restarted: ${why}` });
      return (h.runtime.ports ?? []) as PortStatus[];
    });
  }

  /** Makes the running set match the store: adopt what runs, restart what is missing, stop the unwanted. */
  async recover(): Promise<void> {
    const records = this.store.listInstances();
    // 32 at a time: adopting is cheap, but booting a thousand missing instances at once is not.
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const rec = records[next++] as InstanceRecord;
        await this.serialize(rec.name, () => this.recoverOne(rec)).catch((err: Error) => {
          // One instance that cannot be recovered (an unknown backend...) does not stop the rest.
          this.report('restart-failed', rec.name, { error: err.message });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, records.length) }, worker));
  }

  private async recoverOne(rec: InstanceRecord): Promise<void> {
    if (this.live.has(rec.name)) return;
    const backend = this.backend(rec.backend);
    let handle: InstanceHandle | undefined;
    if (rec.runtime) {
      handle = await backend.adopt(specOf(rec), rec.runtime);
      if (!handle) {
        await backend.kill(rec.runtime);
        this.store.setRuntime(rec.name, undefined);
      }
    }
    if (rec.desired === 'stopped') {
      if (handle) await backend.stop(handle);
      if (rec.runtime) this.store.setRuntime(rec.name, undefined);
      return;
    }
    if (handle) {
      this.track(rec.name, handle);
      this.report('adopted', rec.name, { runtime: handle.runtime, state: handle.state });
    } else {
      this.report('missing', rec.name, { hadRuntime: rec.runtime !== undefined });
      try {
        handle = await this.boot(rec.name);
        this.report('restarted', rec.name, { reason: 'missing' });
      } catch (err) {
        this.report('restart-failed', rec.name, { error: (err as Error).message });
        this.scheduleRestart(rec.name, 0);
        return;
      }
    }
    if (rec.desired === 'suspended' && handle.state === 'running') await backend.suspend(handle);
    if (rec.desired === 'running' && handle.state === 'suspended') await backend.resume(handle);
  }

  private startWatchdog(): void {
    if (this.watchdogInterval <= 0) return;
    this.watchdogTimer = setInterval(() => this.probeAll(), this.watchdogInterval);
    this.watchdogTimer.unref();
  }

  private probeAll(): void {
    const round = ++this.watchdogRound;
    const sent: Live[] = [];
    for (const [name, l] of this.live) {
      if (l.probing || l.handle.state !== 'running') continue;
      l.probing = round;
      sent.push(l);
      l.handle.control.request(PROBE, false).then(
        () => {
          l.probing = 0;
        },
        (err: Error) => {
          l.probing = 0;
          if (this.closed || this.live.get(name) !== l || l.handle.state !== 'running') return;
          void this.serialize(name, () => this.replaceUnresponsive(name, l, err));
        },
      );
    }
    if (sent.length === 0) return;
    // One timer for the round's probes rather than one per probe: those of this round still
    // unanswered then have their connection expired, which fails them (and so replaces the
    // instance). A later round's probe (timeoutMs may exceed intervalMs) has its own timer.
    const timer = setTimeout(() => {
      for (const l of sent) {
        if (l.probing === round) l.handle.control.expire(`no reply within ${this.watchdogTimeout} ms`);
      }
    }, this.watchdogTimeout);
    timer.unref();
  }

  private async replaceUnresponsive(name: string, l: Live, err: Error): Promise<void> {
    if (this.closed || this.live.get(name) !== l) return;
    this.report('unresponsive', name, { error: err.message });
    this.untrack(name);
    const rec = this.store.getInstance(name);
    // It does not answer: it would not handle SIGTERM either.
    await this.backend(rec.backend).stop(l.handle, { graceMs: 0 });
    this.store.setRuntime(name, undefined);
    this.scheduleRestart(name, Date.now() - l.startedAt);
  }

  /**
   * Stops supervising. Instances keep running (a later supervisor adopts them) unless
   * `stopInstances` is set.
   */
  async close(options: { stopInstances?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    if (options.stopInstances) {
      await Promise.all([...this.live.keys()].map((name) => this.serialize(name, () => this.halt(name))));
    }
    this.closed = true;
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    for (const t of this.restartTimers.values()) clearTimeout(t);
    this.restartTimers.clear();
    await Promise.all([...this.locks.values()]);
    for (const l of this.live.values()) l.handle.release();
    this.live.clear();
    for (const b of Object.values(this.backends)) await b.close?.();
    this.lock?.release();
  }
}
