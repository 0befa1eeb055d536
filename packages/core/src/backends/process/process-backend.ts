// The process backend: one clickos-instance process per instance. Its ring ports are attached
// to their switches by this library and inherited by the process (CLICKOS_NETFRONT_PORTS), with
// each port's switch connection (its lifeline) so the port lives exactly as long as the
// instance. cgroup v1 groups (memory, cpu, freezer) limit and freeze it when running as root.
// Instances are started detached, log to a file in their directory, and outlive the
// supervisor: adopt() finds them again from their pid, start time and control socket.
import { mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants } from 'node:os';
import { join } from 'node:path';
import { ControlClient } from '../../control/client.js';
import { ControlStatus } from '../../control/protocol.js';
import { BackendError, ConfigError, RestartRequired, UsageError } from '../../errors.js';
import { diagnosticsFromLines } from '../../instances/diagnostics.js';
import { CpuList } from '../../instances/spec.js';
import type { RuntimeRecord } from '../../store/store.js';
import { type RingPort, type RingPortFds, releaseRingPort, SwitchClient } from '../../switch/client.js';
import { closeFds, peerClosed } from '../../switch/fd-socket.js';
import type {
  Backend,
  ConfigPayload,
  ExitInfo,
  InstanceHandle,
  InstanceSpec,
  InstanceState,
  InstanceStats,
  PortStatus,
} from '../backend.js';
import { locateInstanceBinary } from './binary.js';
import { type CgroupOptions, cgroupsUnavailable, InstanceCgroups } from './cgroups.js';
import { closePidfd, openPidfd, raiseFileLimit, takeDescriptor, watchExit } from './os.js';
import { cloexecPipe, closeFd, reap, spawnDetached } from './spawn.js';
import { cpuSeconds, isSameProcess, memoryUse, parentPid, processStartTicks, uptimeSeconds } from './proc.js';

export interface ProcessBackendOptions {
  /** Where instances' directories go (control socket, log, boot configuration). */
  stateDir: string;
  /** The switch's control socket, for instances with ports. */
  switchSocket?: string;
  /** The clickos-instance program; found like the engine library by default. */
  binary?: string;
  /** clickos-instance's --sandbox (default: its own default, "auto"). */
  sandbox?: string;
  /** Use cgroups: 'auto' (when root and v1 hierarchies exist; the default), true (required), false. */
  cgroups?: boolean | 'auto';
  cgroupOptions?: CgroupOptions;
  /** How long boot + install may take; default 10 s. */
  readyTimeoutMs?: number;
  /** How long an instance has to end after SIGTERM before SIGKILL; default 3 s. */
  stopTimeoutMs?: number;
  /** --package-path directories for element packages. */
  packagePath?: string[];
  /**
   * clickos-instance's --poll-us: how long an instance polls its ports after work before it
   * sleeps (default 0: at once).
   */
  pollUs?: number;
  /**
   * The CPUs of instances whose spec names none (resources.cpus), as a CPU list like "1" or
   * "1-3": with the switch on the others, a chain's instances run in turn on their own CPUs
   * and the switch keeps one to itself (throughput; every hop then wakes the other CPU).
   */
  defaultCpus?: string;
  /**
   * Larger configurations install by restart instead of hot-swap; default 16 MiB, the most a
   * ControlSocket takes in one command.
   */
  maxHotSwapBytes?: number;
  /** The descriptor limit to raise this process's RLIMIT_NOFILE to (default 65536, capped by the hard limit unless root). */
  fileLimit?: number;
}

interface ProcessRuntime extends RuntimeRecord {
  /** The process we started (with a pid namespace, the waiter that forwards signals). */
  pid: number;
  startTicks: number;
  /** The instance's engine process as the host sees it (differs from pid with a pid namespace). */
  enginePid: number;
  dir: string;
  control: string;
  /** The instance's cgroup directories, if it has cgroups. */
  cgroups: Record<string, string> | false;
  /** It is in its memory group (it has a memory limit). */
  memoryLimited?: boolean;
  ports: PortStatus[];
  /** Each port's first descriptor in the instance (its memfd; the four events follow). */
  portFds?: number[];
  /** The definitions given at boot (hot-swaps keep them). */
  definitions: Record<string, string>;
  configVersion: number;
  /** The engine's set-up time from its ready line. */
  setupMicros?: number;
}

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, n]) => [n as number, name]),
);

/** The end of a process, ours (reaped here) or not (learned through a pidfd). */
class ExitWatch {
  readonly ended: Promise<{ code: number | null; signal: string | null }>;
  private stopWatch: (() => void) | undefined;

  constructor(pid: number) {
    this.ended = new Promise((resolve) => {
      const done = () => {
        const r = reap(pid);
        resolve({
          code: r?.code ?? null,
          signal: r?.signal ? (signalNames.get(r.signal) ?? String(r.signal)) : null,
        });
      };
      this.stopWatch = watchExit(pid, done);
      if (!this.stopWatch) done();
    });
  }

  /** Stops watching (the process is left alone; `ended` never settles then). */
  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }
}

class ProcessInstance implements InstanceHandle {
  readonly backend = 'process';
  state: InstanceState = 'running';
  /** stop() was asked: the exit that follows is not a crash. */
  stopping = false;
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (info: ExitInfo) => void;

  constructor(
    readonly name: string,
    readonly runtime: ProcessRuntime,
    readonly control: ControlClient,
    readonly cgroups: InstanceCgroups | undefined,
    private readonly watch: ExitWatch,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    void watch.ended.then(({ code, signal }) => this.ended(code, signal));
  }

  private ended(code: number | null, signal: string | null): void {
    if (this.state === 'exited' || this.state === 'stopped') return;
    this.state = this.stopping ? 'stopped' : 'exited';
    this.control.close();
    // The instance leaves its socket file (in a mount namespace it cannot reach it).
    rmSync(this.runtime.control, { force: true });
    this.resolveExit({ code, signal, log: logTail(this.logFile) });
  }

  release(): void {
    this.watch.stop();
    this.control.close();
  }

  /** All pids that belong to the instance (waiter, engine, whatever is in its cgroup). */
  pids(): number[] {
    const pids = new Set([this.runtime.pid, this.runtime.enginePid]);
    for (const p of this.cgroups?.tasks() ?? []) pids.add(p);
    return [...pids];
  }
}

function logTail(file: string, lines = 20): string[] {
  try {
    const text = readFileSync(file, 'utf8');
    return text.split('\n').filter(Boolean).slice(-lines);
  } catch {
    return [];
  }
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export class ProcessBackend implements Backend {
  readonly kind = 'process';
  private readonly useCgroups: boolean;
  private readonly pendingPorts = new Map<string, RingPort[]>();
  readonly cgroupsUnavailableReason: string | undefined;

  constructor(readonly options: ProcessBackendOptions) {
    const why = cgroupsUnavailable(options.cgroupOptions);
    this.cgroupsUnavailableReason = why;
    const wanted = options.cgroups ?? 'auto';
    if (wanted === true && why) throw new BackendError(`cgroups were asked for, but ${why}`);
    this.useCgroups = wanted !== false && !why;
    if (options.defaultCpus !== undefined && !CpuList.safeParse(options.defaultCpus).success) {
      throw new UsageError(
        `invalid default CPU list '${options.defaultCpus}' (expected a CPU list like 1, 1-3 or 0,2)`,
      );
    }
    mkdirSync(options.stateDir, { recursive: true });
    // Two descriptors per running instance here (control connection, pidfd), more while
    // ports are handed over: make room for thousands.
    raiseFileLimit(options.fileLimit ?? 65536);
  }

  get cgroupsEnabled(): boolean {
    return this.useCgroups;
  }

  private dir(name: string): string {
    return join(this.options.stateDir, name);
  }

  private cgroupsOf(name: string): InstanceCgroups | undefined {
    return this.useCgroups ? new InstanceCgroups(name, this.options.cgroupOptions) : undefined;
  }

  private switchClient(): SwitchClient {
    return new SwitchClient(this.options.switchSocket);
  }

  async create(spec: InstanceSpec): Promise<void> {
    const r = spec.resources;
    if (
      !this.useCgroups &&
      (r.memoryBytes !== undefined || r.cpuShares !== undefined || r.cpuPercent !== undefined)
    ) {
      throw new BackendError(
        `instance '${spec.name}' asks for resource limits, but cgroups are not used here: ${this.cgroupsUnavailableReason ?? 'disabled'}`,
      );
    }
    mkdirSync(this.dir(spec.name), { recursive: true });
    this.cgroupsOf(spec.name)?.create(spec.resources);
    if (spec.ports.length > 0) this.pendingPorts.set(spec.name, this.attachPorts(spec));
  }

  private attachPorts(spec: InstanceSpec): RingPort[] {
    const client = this.switchClient();
    const ports: RingPort[] = [];
    try {
      spec.ports.forEach((p, devid) => {
        ports.push(
          client.attach({
            switch: p.switch,
            slots: p.slots,
            frame: p.frame,
            name: `${spec.name}:${devid}`,
            ...(p.mac ? { mac: p.mac } : {}),
          }),
        );
      });
    } catch (err) {
      for (const p of ports) releaseRingPort(p);
      throw err;
    }
    return ports;
  }

  async start(spec: InstanceSpec, config: ConfigPayload): Promise<InstanceHandle> {
    const dir = this.dir(spec.name);
    mkdirSync(dir, { recursive: true });
    const cgroups = this.cgroupsOf(spec.name);
    if (cgroups && !cgroups.exists()) cgroups.create(spec.resources);
    const control = join(dir, 'control.sock');
    const bootFile = join(dir, 'boot.click');
    writeFileSync(bootFile, config.text);
    const logFile = join(dir, 'instance.log');

    let ports = this.pendingPorts.get(spec.name);
    this.pendingPorts.delete(spec.name);
    if (ports?.some((p) => peerClosed(p.lifeline))) {
      // The switch restarted since create: these ports died with it.
      for (const p of ports) releaseRingPort(p);
      ports = undefined;
    }
    ports ??= spec.ports.length > 0 ? this.attachPorts(spec) : [];

    // Descriptors of the child: 0 none, 1 and 2 the log, 3 the ready pipe, then 6 per port
    // (memfd, 4 events, lifeline).
    const [readyRead, readyWrite] = cloexecPipe();
    const fds = [readyWrite];
    const portList: string[] = [];
    const lifelines: number[] = [];
    const portFds: number[] = [];
    ports.forEach((p, devid) => {
      const base = 3 + fds.length;
      portFds.push(base);
      fds.push(p.fds.mem, p.fds.rxData, p.fds.rxSpace, p.fds.txData, p.fds.txSpace, p.lifeline);
      portList.push(`${devid}:${base},${base + 1},${base + 2},${base + 3},${base + 4}`);
      lifelines.push(base + 5);
    });
    const args = [
      '--control',
      control,
      '--dir',
      dir,
      '--config',
      bootFile,
      '--config-name',
      `${spec.name}.click`,
    ];
    args.push('--ready-fd', '3');
    if (this.options.sandbox) args.push('--sandbox', this.options.sandbox);
    for (const d of cgroups?.bootGroups(spec.resources) ?? []) args.push('--cgroup', d);
    for (const d of this.options.packagePath ?? []) args.push('--package-path', d);
    if (this.options.pollUs !== undefined) args.push('--poll-us', String(this.options.pollUs));
    const cpus = spec.resources.cpus ?? this.options.defaultCpus;
    if (cpus) args.push('--cpus', cpus);
    for (const [k, v] of Object.entries(config.definitions)) args.push(`${k}=${v}`);

    let pid: number;
    try {
      pid = spawnDetached({
        path: this.options.binary ?? locateInstanceBinary(),
        args,
        env: {
          ...process.env,
          CLICKOS_NETFRONT_PORTS: portList.join(';'),
          CLICKOS_NETFRONT_LIFELINES: lifelines.join(','),
        },
        logFile,
        fds,
      });
    } catch (err) {
      closeFd(readyRead);
      throw err;
    } finally {
      // The child has its copies now (or failed to start): ours would keep the ports alive.
      closeFd(readyWrite);
      for (const p of ports) releaseRingPort(p);
    }
    const watch = new ExitWatch(pid);
    const startTicks = processStartTicks(pid) ?? 0;

    let readyLine: string;
    try {
      readyLine = await this.waitReady(spec.name, readyRead, watch, logFile);
    } catch (err) {
      signalAll([pid, ...(cgroups?.tasks() ?? [])], 'SIGKILL');
      await watch.ended;
      throw err;
    }
    let ready: Record<string, unknown> = {};
    try {
      ready = JSON.parse(readyLine) as Record<string, unknown>;
    } catch {
      // a ready line that is not JSON still means ready
    }
    if (ready.ready === false) {
      // It says why, then exits (status 1).
      const why = typeof ready.error === 'string' ? ready.error : 'set-up failed';
      await drain(pid, watch);
      const diagnostics = diagnosticsFromLines(
        why.split('\n').filter((l) => /^[^ ]*:\d+:\d+: /.test(l)),
        `${spec.name}.click`,
      );
      if (diagnostics.some((d) => d.severity === 'error')) throw new ConfigError(diagnostics);
      throw new BackendError(`instance '${spec.name}' failed to start: ${why}`);
    }
    const runtime: ProcessRuntime = {
      pid,
      startTicks,
      enginePid: typeof ready.pid === 'number' ? ready.pid : pid,
      dir,
      control,
      cgroups: cgroups ? { ...cgroups.dirs } : false,
      memoryLimited: cgroups !== undefined && spec.resources.memoryBytes !== undefined,
      ports: ports.map((p, devid) => ({
        devid,
        switch: p.switch,
        port: p.port,
        ...(spec.ports[devid]?.mac ? { mac: spec.ports[devid]?.mac as string } : {}),
      })),
      portFds,
      definitions: config.definitions,
      configVersion: config.version,
      ...(typeof ready.setup_us === 'number' ? { setupMicros: ready.setup_us } : {}),
    };
    let client: ControlClient;
    try {
      // Ready means listening: the greeting is on its way, no need to wait for it.
      client = await ControlClient.connect(control, { waitForGreeting: false });
    } catch (err) {
      signalAll([pid, runtime.enginePid], 'SIGKILL');
      await watch.ended;
      throw err;
    }
    return new ProcessInstance(spec.name, runtime, client, cgroups, watch, logFile);
  }

  // The first line on the ready pipe, or the reason there is none (exit, timeout).
  private waitReady(name: string, readyFd: number, watch: ExitWatch, logFile: string): Promise<string> {
    const timeoutMs = this.options.readyTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const pipe = new Socket({ fd: readyFd, readable: true, writable: false });
      let text = '';
      let done = false;
      const finish = (err: Error | undefined, line?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        pipe.removeAllListeners();
        pipe.on('error', () => undefined);
        pipe.destroy();
        if (err) reject(err);
        else resolve(line as string);
      };
      const timer = setTimeout(() => {
        finish(new BackendError(`instance '${name}' was not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      void watch.ended.then(({ code, signal }) => {
        if (done) return;
        const lines = logTail(logFile, 50);
        const diagnostics = diagnosticsFromLines(
          lines.filter((l) => /^[^ ]*:\d+:\d+: /.test(l)),
          `${name}.click`,
        );
        if (code === 1 && diagnostics.some((d) => d.severity === 'error')) {
          finish(new ConfigError(diagnostics));
          return;
        }
        finish(
          new BackendError(
            `instance '${name}' ended before it was ready (${signal ? `signal ${signal}` : `exit status ${code}`})` +
              (lines.length ? `:\n${lines.join('\n')}` : ''),
          ),
        );
      });
      pipe.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const nl = text.indexOf('\n');
        if (nl >= 0) finish(undefined, text.slice(0, nl));
      });
      pipe.on('error', () => undefined);
    });
  }

  async install(handle: InstanceHandle, config: ConfigPayload): Promise<void> {
    const h = handle as ProcessInstance;
    if (!sameDefinitions(h.runtime.definitions, config.definitions)) {
      throw new RestartRequired(
        `instance '${h.name}' was started with other definitions: they apply at boot, so it must restart`,
      );
    }
    const bytes = Buffer.byteLength(config.text);
    const limit = this.options.maxHotSwapBytes ?? 16 << 20;
    if (bytes > limit) {
      throw new RestartRequired(
        `the configuration (${bytes} bytes) is larger than a hot-swap takes (${limit}): '${h.name}' must restart`,
      );
    }
    const reply = await h.control.request(
      Buffer.concat([
        Buffer.from(`WRITEDATA hotconfig ${bytes}\r\n`, 'latin1'),
        Buffer.from(config.text, 'utf8'),
      ]),
      false,
    );
    if (reply.code === ControlStatus.Ok || reply.code === ControlStatus.OkWarnings) {
      h.runtime.configVersion = config.version;
      return;
    }
    const detail = reply.lines.slice(1);
    if (reply.code === 540) {
      throw new RestartRequired(
        `instance '${h.name}' needs a restart for this configuration: ${detail.join('; ')}`,
      );
    }
    if (reply.code === ControlStatus.HandlerError) {
      throw new ConfigError(diagnosticsFromLines(detail.length ? detail : reply.lines, `${h.name}.click`));
    }
    if (reply.code === ControlStatus.DataTooBig) {
      throw new RestartRequired(`the configuration is too large to hot-swap into '${h.name}'`);
    }
    throw new BackendError(`instance '${h.name}' refused the configuration: ${reply.lines.join('\n')}`);
  }

  /**
   * Gives ports of a running instance back to a switch that restarted: copies of the port's
   * descriptors are taken from the engine process (pidfd_getfd) and handed over with a pidfd of
   * the engine, which keeps the port alive from then on (the instance's own switch connection
   * died with the old switch, and it cannot open a new one from its sandbox).
   */
  async reattachPorts(handle: InstanceHandle, devids: number[]): Promise<PortStatus[]> {
    const h = handle as ProcessInstance;
    if (h.state === 'exited' || h.state === 'stopped') {
      throw new BackendError(`instance '${h.name}' is ${h.state}: it has no ports to give back`);
    }
    const engine = h.runtime.enginePid;
    const pidfd = openPidfd(engine);
    const client = this.switchClient();
    const done: PortStatus[] = [];
    try {
      // Opened before the check: if the process is the instance now, the pidfd names it for good.
      if (!isSameProcess(h.runtime.pid, h.runtime.startTicks)) {
        throw new BackendError(`instance '${h.name}' has ended`);
      }
      // With a pid namespace the engine is the one child of the process we started: a pid
      // that is not (the engine ended, its number reused, perhaps by another instance's
      // engine with the same descriptor layout) must not lend the switch its descriptors.
      // The engine runs since before the pidfd was opened, so a child found now is the
      // process the pidfd names.
      if (engine !== h.runtime.pid && parentPid(engine) !== h.runtime.pid) {
        throw new RestartRequired(
          `instance '${h.name}': process ${engine} is not its engine; it must restart to get its ports back`,
        );
      }
      for (const devid of devids) {
        const status = h.runtime.ports[devid];
        if (!status) throw new BackendError(`instance '${h.name}' has no port ${devid}`);
        // Ports are inherited from descriptor 4 on, six each (runtime records before portFds).
        const base = h.runtime.portFds?.[devid] ?? 4 + 6 * devid;
        let fds: RingPortFds;
        try {
          fds = takePortDescriptors(h.name, engine, pidfd, devid, base);
        } catch (err) {
          // Not ours to take (no right to trace it: another user, Yama's ptrace_scope for a
          // process this supervisor did not start) or not what it should be: only a restart
          // gives the instance ports again.
          throw new RestartRequired(`${(err as Error).message}; it must restart to get its ports back`, {
            cause: err,
          });
        }
        try {
          status.port = client.reattach({ switch: status.switch, fds, ownerPidfd: pidfd });
        } finally {
          closeFds([fds.mem, fds.rxData, fds.rxSpace, fds.txData, fds.txSpace]);
        }
        done.push(status);
      }
    } finally {
      closePidfd(pidfd);
    }
    return done;
  }

  async stop(handle: InstanceHandle, options: { graceMs?: number } = {}): Promise<void> {
    const h = handle as ProcessInstance;
    if (h.state === 'exited' || h.state === 'stopped') return;
    if (h.state === 'suspended') await this.resume(h);
    h.stopping = true;
    const timeout = options.graceMs ?? this.options.stopTimeoutMs ?? 3000;
    if (timeout > 0) signalAll([h.runtime.pid], 'SIGTERM');
    else signalAll(h.pids(), 'SIGKILL');
    // Nothing of ours keeps the event loop alive for the process: hold it until it has ended.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      let grace: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        h.exited.then(() => true),
        new Promise<boolean>((r) => {
          grace = setTimeout(() => r(false), timeout);
        }),
      ]);
      clearTimeout(grace);
      if (!ended) {
        signalAll(h.pids(), 'SIGKILL');
        await h.exited;
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  async suspend(handle: InstanceHandle): Promise<void> {
    const h = handle as ProcessInstance;
    if (h.state !== 'running') throw new BackendError(`instance '${h.name}' is ${h.state}, not running`);
    if (h.cgroups) {
      h.cgroups.joinFreezer([h.runtime.pid, h.runtime.enginePid]);
      await h.cgroups.freeze();
    } else {
      signalAll(h.pids(), 'SIGSTOP');
      // Delivery is asynchronous: suspended means stopped, so wait for it (at most 2 s).
      for (let i = 0; i < 400 && h.pids().some((p) => !['T', undefined].includes(readProcState(p))); i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    h.state = 'suspended';
  }

  async resume(handle: InstanceHandle): Promise<void> {
    const h = handle as ProcessInstance;
    if (h.state !== 'suspended') return;
    if (h.cgroups) await h.cgroups.thaw();
    else signalAll(h.pids(), 'SIGCONT');
    h.state = 'running';
  }

  async stats(handle: InstanceHandle): Promise<InstanceStats> {
    const h = handle as ProcessInstance;
    const stats: InstanceStats = { state: h.state, ports: h.runtime.ports };
    if (h.state === 'exited' || h.state === 'stopped') return stats;
    let pss = 0;
    let rss = 0;
    let ring = 0;
    let cpu = 0;
    for (const pid of h.pids()) {
      const m = memoryUse(pid);
      if (m) {
        pss += m.pssBytes;
        rss += m.rssBytes;
        ring += m.ringBytes;
      }
      cpu += cpuSeconds(pid) ?? 0;
    }
    stats.pid = h.runtime.enginePid;
    if (h.runtime.setupMicros !== undefined) stats.setupMicros = h.runtime.setupMicros;
    stats.pssBytes = pss;
    stats.rssBytes = rss;
    stats.ringBytes = ring;
    stats.cpuSeconds = cpu;
    const up = uptimeSeconds(h.runtime.pid);
    if (up !== undefined) stats.uptimeSeconds = up;
    const cg = h.runtime.memoryLimited ? h.cgroups?.memoryUsage() : undefined;
    if (cg !== undefined) stats.cgroupMemoryBytes = cg;
    return stats;
  }

  async adopt(spec: InstanceSpec, record: RuntimeRecord): Promise<InstanceHandle | undefined> {
    const runtime = record as ProcessRuntime;
    if (typeof runtime.pid !== 'number') return undefined;
    // Ended while nobody watched: if it was our child (same process, new supervisor), reap it.
    reap(runtime.pid);
    if (!isSameProcess(runtime.pid, runtime.startTicks)) return undefined;
    let client: ControlClient;
    try {
      // A frozen instance accepts the connection but greets only once thawed.
      client = await ControlClient.connect(runtime.control, { timeoutMs: 2000, waitForGreeting: false });
    } catch {
      return undefined; // alive but not answering: the caller restarts it
    }
    const cgroups =
      typeof runtime.cgroups === 'object'
        ? InstanceCgroups.at(runtime.cgroups as InstanceCgroups['dirs'])
        : undefined;
    const h = new ProcessInstance(
      spec.name,
      runtime,
      client,
      cgroups,
      new ExitWatch(runtime.pid),
      join(runtime.dir, 'instance.log'),
    );
    if (cgroups) {
      try {
        if (cgroups.freezerState() !== 'THAWED') h.state = 'suspended';
      } catch {
        // no freezer state: running
      }
    } else if (readProcState(runtime.enginePid) === 'T') {
      h.state = 'suspended';
    }
    return h;
  }

  /** Kills what is left of an instance we cannot talk to (from its runtime record). */
  async kill(record: RuntimeRecord): Promise<void> {
    const runtime = record as ProcessRuntime;
    if (typeof runtime.pid === 'number' && isSameProcess(runtime.pid, runtime.startTicks)) {
      signalAll([runtime.pid, runtime.enginePid], 'SIGKILL');
      for (let i = 0; i < 200 && isSameProcess(runtime.pid, runtime.startTicks); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      reap(runtime.pid);
    }
  }

  async close(): Promise<void> {
    for (const ports of this.pendingPorts.values()) for (const p of ports) releaseRingPort(p);
    this.pendingPorts.clear();
  }

  async destroy(name: string, record?: RuntimeRecord): Promise<void> {
    const pending = this.pendingPorts.get(name);
    if (pending) for (const p of pending) releaseRingPort(p);
    this.pendingPorts.delete(name);
    // Its groups where this supervisor makes them, and where the one that started it did.
    const groups = [this.cgroupsOf(name)];
    const recorded = (record as ProcessRuntime | undefined)?.cgroups;
    if (typeof recorded === 'object') groups.push(InstanceCgroups.at(recorded as InstanceCgroups['dirs']));
    for (const cgroups of groups) {
      if (!cgroups) continue;
      signalAll(cgroups.tasks(), 'SIGKILL');
      await cgroups.remove();
    }
    rmSync(this.dir(name), { recursive: true, force: true });
  }
}

// Copies of one port's five descriptors from the instance's engine, after checking that they
// are what the instance was given (a memfd and four eventfds), so a wrong record cannot hand
// the switch something else.
function takePortDescriptors(
  name: string,
  enginePid: number,
  pidfd: number,
  devid: number,
  base: number,
): RingPortFds {
  // What /proc/PID/fd shows for each: the memfd, then the four eventfds.
  const expected = [
    { link: '/memfd:', what: 'a memfd' },
    ...Array.from({ length: 4 }, () => ({ link: 'anon_inode:[eventfd]', what: 'an eventfd' })),
  ];
  expected.forEach(({ link, what }, k) => {
    let target = '';
    try {
      target = readlinkSync(`/proc/${enginePid}/fd/${base + k}`);
    } catch {
      // closed
    }
    if (!target.startsWith(link)) {
      throw new BackendError(
        `instance '${name}': descriptor ${base + k} of port ${devid} is ${target || 'closed'}, not ${what}`,
      );
    }
  });
  const taken: number[] = [];
  try {
    for (let k = 0; k < 5; k++) taken.push(takeDescriptor(pidfd, base + k));
  } catch (err) {
    closeFds(taken);
    throw new BackendError(`instance '${name}', port ${devid}: ${(err as Error).message}`, { cause: err });
  }
  const [mem, rxData, rxSpace, txData, txSpace] = taken as [number, number, number, number, number];
  return { mem, rxData, rxSpace, txData, txSpace };
}

// Waits (briefly) for a child that announced its failure to exit, so nothing is left behind.
async function drain(pid: number, watch: ExitWatch): Promise<void> {
  const late = setTimeout(() => signalAll([pid], 'SIGKILL'), 2000);
  await watch.ended;
  clearTimeout(late);
}

function readProcState(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

function sameDefinitions(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
