// What the routes share: the InstanceManager (which runs the Supervisor over the SQLite store
// in the state directory), the switch, boot timings for the metrics, and the daemon's identity.
// One Services object serves every listener (unix socket and TCP).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BackendError,
  InstanceManager,
  type InstanceManagerOptions,
  restoreStore,
  type SupervisorEvent,
  SwitchClient,
} from '@clickos/core';
import { stateFiles } from '../paths.js';
import { ensureSwitch, type SwitchStatus } from './switch-process.js';

const SWITCH_TIMEOUT_MS = 2000;

export interface ServicesOptions {
  stateDir: string;
  /** The switch's control socket; default STATE/switch.sock. */
  switchSocket?: string;
  /** Do not start a switch when none answers (switch commands then fail with the reason). */
  noSwitch?: boolean;
  /** The CPUs a switch the daemon starts runs on (clickos-switch --cpus), e.g. "0". */
  switchCpus?: string;
  /** The CPUs of instances whose resources name none (the process backend's defaultCpus). */
  instanceCpus?: string;
  /**
   * The cgroup under which instances' groups go (default "clickos"): daemons of different state
   * directories on one host need different ones, as instance names are per state directory.
   */
  cgroupParent?: string;
  /** Extra InstanceManager options (tests: back-off, watchdog, the instance binary). */
  manager?: Partial<InstanceManagerOptions>;
}

export interface BootSample {
  instance: string;
  seconds: number;
}

export class Services extends EventEmitter {
  readonly startedAt = Date.now();
  /** Where the daemon listens (set by runDaemon once it does). */
  listening: { socket?: string; tcp?: { host: string; port: number } } = {};
  private current: InstanceManager;
  private restoring: Promise<void> | undefined;

  private constructor(
    readonly options: ServicesOptions,
    manager: InstanceManager,
    readonly switchStatus: SwitchStatus,
  ) {
    super();
    this.current = manager;
    this.forwardEvents(manager);
  }

  static async open(options: ServicesOptions): Promise<Services> {
    const files = stateFiles(options.stateDir);
    const socket = options.switchSocket ?? files.switchSocket;
    const sw = options.noSwitch
      ? { socket, available: existsSync(socket), reason: 'the daemon was started with --no-switch' }
      : await ensureSwitch(
          socket,
          files.switchLog,
          undefined,
          options.switchCpus ? ['--cpus', options.switchCpus] : [],
        );
    const manager = await InstanceManager.open(Services.managerOptions(options, socket));
    return new Services(options, manager, sw);
  }

  private static managerOptions(options: ServicesOptions, switchSocket: string): InstanceManagerOptions {
    const files = stateFiles(options.stateDir);
    return {
      storePath: files.store,
      stateDir: files.instances,
      switchSocket,
      ...options.manager,
      process: {
        switchSocket,
        // Element packages of installed plugins (cosmos plugin install links them here).
        packagePath: [join(options.stateDir, 'plugins', 'packages')],
        ...(options.cgroupParent ? { cgroupOptions: { parent: options.cgroupParent } } : {}),
        ...(options.instanceCpus ? { defaultCpus: options.instanceCpus } : {}),
        ...options.manager?.process,
      },
    };
  }

  /** The supervisor's events (started, crashed, restarted...) as 'instance-event', for logs and metrics. */
  private forwardEvents(manager: InstanceManager): void {
    manager.supervisor.on('event', (e: SupervisorEvent) => this.emit('instance-event', e));
  }

  get manager(): InstanceManager {
    if (this.restoring) throw new BackendError('the daemon is restoring a backup: try again in a moment');
    return this.current;
  }

  get stateDir(): string {
    return this.options.stateDir;
  }

  /** The switch's control client; a BackendError saying why when there is no switch. */
  switchClient(): SwitchClient {
    if (!this.switchStatus.available && !existsSync(this.switchStatus.socket)) {
      throw new BackendError(
        `no switch: ${this.switchStatus.reason ?? `nothing listens on ${this.switchStatus.socket}`}`,
      );
    }
    // The switch client's calls are synchronous: a switch that stops answering holds the
    // daemon for at most this long per request.
    return new SwitchClient(this.switchStatus.socket, SWITCH_TIMEOUT_MS);
  }

  /** Starting an instance (boot + install), timed for clickos_instance_boot_seconds. */
  async timedBoot<T>(instance: string, op: () => Promise<T>): Promise<T> {
    const t0 = process.hrtime.bigint();
    const result = await op();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    this.emit('boot', { instance, seconds } satisfies BootSample);
    return result;
  }

  /** The last lines of an instance's log (the process backend's STATE/instances/NAME/instance.log). */
  logs(name: string, lines: number): string[] {
    const rec = this.manager.get(name);
    if (rec.backend !== 'process')
      throw new BackendError(`logs of '${rec.backend}' instances are not available`);
    const file = join(stateFiles(this.stateDir).instances, name, 'instance.log');
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    return text.split('\n').filter(Boolean).slice(-lines);
  }

  /**
   * Replaces the control store with a backup: every instance is stopped, the store replaced,
   * then what the backup wants running is started again.
   */
  async restore(file: string): Promise<void> {
    if (this.restoring) throw new BackendError('a restore is already running');
    const files = stateFiles(this.stateDir);
    let done!: () => void;
    this.restoring = new Promise((r) => {
      done = r;
    });
    try {
      const before = this.current.list().map((i) => ({ name: i.name, backend: i.backend }));
      await this.current.close({ stopInstances: true });
      try {
        await restoreStore(file, files.store);
      } finally {
        this.current = await InstanceManager.open(
          Services.managerOptions(this.options, this.switchStatus.socket),
        );
        this.forwardEvents(this.current);
      }
      // Instances the backup does not know leave nothing behind (directories, cgroups).
      const kept = new Set(this.current.list().map((i) => i.name));
      for (const gone of before.filter((i) => !kept.has(i.name))) {
        await this.current.supervisor
          .backend(gone.backend)
          .destroy(gone.name)
          .catch(() => undefined);
      }
    } finally {
      this.restoring = undefined;
      done();
    }
  }

  async close(options: { stopInstances?: boolean; stopSwitch?: boolean } = {}): Promise<void> {
    await this.current.close({ stopInstances: options.stopInstances ?? false });
    if (options.stopSwitch && existsSync(this.switchStatus.socket)) {
      try {
        new SwitchClient(this.switchStatus.socket, 1000).request({ op: 'shutdown' });
      } catch {
        // no switch answers there any more
      }
    }
  }
}
