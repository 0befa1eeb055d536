// The process backend: one clickos-instance process per instance. Its ring ports are attached
// to their switches by this library and inherited by the process (CLICKOS_NETFRONT_PORTS), with
// each port's switch connection (its lifeline) so the port lives exactly as long as the
// instance. cgroup v1 groups (memory, cpu, freezer) limit and freeze it when running as root.
// Instances are started detached, log to a file in their directory, and outlive the
// supervisor: adopt() finds them again from their pid, start time and control socket.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '../../control/client.js';
import { ControlStatus } from '../../control/protocol.js';
import { BackendError, ConfigError, RestartRequired } from '../../errors.js';
import { diagnosticsFromLines } from '../../instances/diagnostics.js';
import type { RuntimeRecord } from '../../store/store.js';
import { type RingPort, releaseRingPort, SwitchClient } from '../../switch/client.js';
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
import { watchExit } from './os.js';
import { cpuSeconds, isSameProcess, memoryUse, processStartTicks, uptimeSeconds } from './proc.js';

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
}

interface ProcessRuntime extends RuntimeRecord {
  /** The process we started (with a pid namespace, the waiter that forwards signals). */
  pid: number;
  startTicks: number;
  /** The instance's engine process as the host sees it (differs from pid with a pid namespace). */
  enginePid: number;
  dir: string;
  control: string;
  cgroups: boolean;
  ports: PortStatus[];
  /** The definitions given at boot (hot-swaps keep them). */
  definitions: Record<string, string>;
  configVersion: number;
}

class ProcessInstance implements InstanceHandle {
  readonly backend = 'process';
  state: InstanceState = 'running';
  /** stop() was asked: the exit that follows is not a crash. */
  stopping = false;
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (info: ExitInfo) => void;
  private stopWatching: (() => void) | undefined;

  constructor(
    readonly name: string,
    readonly runtime: ProcessRuntime,
    readonly control: ControlClient,
    readonly cgroups: InstanceCgroups | undefined,
    child: ChildProcess | undefined,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    if (child) {
      child.once('exit', (code, signal) => this.ended(code, signal));
    } else {
      this.stopWatching = watchExit(runtime.pid, () => this.ended(null, null));
      if (!this.stopWatching) queueMicrotask(() => this.ended(null, null));
    }
  }

  private ended(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === 'exited' || this.state === 'stopped') return;
    this.state = this.stopping ? 'stopped' : 'exited';
    this.stopWatching?.();
    this.control.close();
    this.resolveExit({ code, signal, log: logTail(this.logFile) });
  }

  release(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
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
    mkdirSync(options.stateDir, { recursive: true });
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
    ports ??= spec.ports.length > 0 ? this.attachPorts(spec) : [];

    // Descriptors of the child: 0 none, 1 and 2 the log, 3 the ready pipe, then 6 per port
    // (memfd, 4 events, lifeline).
    const log = openSync(logFile, 'a');
    const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', log, log, 'pipe'];
    const portList: string[] = [];
    const lifelines: number[] = [];
    ports.forEach((p, devid) => {
      const base = stdio.length;
      stdio.push(p.fds.mem, p.fds.rxData, p.fds.rxSpace, p.fds.txData, p.fds.txSpace, p.lifeline);
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
    for (const d of cgroups?.list() ?? []) args.push('--cgroup', d);
    for (const d of this.options.packagePath ?? []) args.push('--package-path', d);
    for (const [k, v] of Object.entries(config.definitions)) args.push(`${k}=${v}`);

    let child: ChildProcess;
    try {
      child = spawn(this.options.binary ?? locateInstanceBinary(), args, {
        stdio,
        detached: true,
        env: {
          ...process.env,
          CLICKOS_NETFRONT_PORTS: portList.join(';'),
          CLICKOS_NETFRONT_LIFELINES: lifelines.join(','),
        },
      });
    } finally {
      // The child has its copies now (or failed to start): ours would keep the ports alive.
      closeSync(log);
      for (const p of ports) releaseRingPort(p);
    }
    child.unref();

    let readyLine: string;
    try {
      readyLine = await this.waitReady(spec.name, child, logFile);
    } catch (err) {
      signalAll(
        [child.pid ?? -1, ...(cgroups?.tasks() ?? [])].filter((p) => p > 0),
        'SIGKILL',
      );
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
      await cgroupsDrain(child);
      const diagnostics = diagnosticsFromLines(
        why.split('\n').filter((l) => /^[^ ]*:\d+:\d+: /.test(l)),
        `${spec.name}.click`,
      );
      if (diagnostics.some((d) => d.severity === 'error')) throw new ConfigError(diagnostics);
      throw new BackendError(`instance '${spec.name}' failed to start: ${why}`);
    }
    const pid = child.pid as number;
    const runtime: ProcessRuntime = {
      pid,
      startTicks: processStartTicks(pid) ?? 0,
      enginePid: typeof ready.pid === 'number' ? ready.pid : pid,
      dir,
      control,
      cgroups: cgroups !== undefined,
      ports: ports.map((p, devid) => ({
        devid,
        switch: p.switch,
        port: p.port,
        ...(spec.ports[devid]?.mac ? { mac: spec.ports[devid]?.mac as string } : {}),
      })),
      definitions: config.definitions,
      configVersion: config.version,
    };
    let client: ControlClient;
    try {
      client = await ControlClient.connect(control);
    } catch (err) {
      signalAll([pid, runtime.enginePid], 'SIGKILL');
      throw err;
    }
    return new ProcessInstance(spec.name, runtime, client, cgroups, child, logFile);
  }

  // The first line on the ready pipe, or the reason there is none (exit, timeout).
  private waitReady(name: string, child: ChildProcess, logFile: string): Promise<string> {
    const timeoutMs = this.options.readyTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const pipe = child.stdio[3];
      let text = '';
      let done = false;
      const finish = (err: Error | undefined, line?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        pipe?.removeAllListeners();
        pipe?.destroy();
        child.off('exit', onExit);
        child.off('error', onError);
        if (err) reject(err);
        else resolve(line as string);
      };
      const onExit = (code: number | null, signal: string | null) => {
        // Let the log be flushed to the file before reading it.
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
      };
      const onError = (err: Error) =>
        finish(new BackendError(`cannot start instance '${name}': ${err.message}`, { cause: err }));
      const timer = setTimeout(() => {
        finish(new BackendError(`instance '${name}' was not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('exit', onExit);
      child.once('error', onError);
      pipe?.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const nl = text.indexOf('\n');
        if (nl >= 0) finish(undefined, text.slice(0, nl));
      });
      pipe?.on('error', () => undefined);
    });
  }

  async install(handle: InstanceHandle, config: ConfigPayload): Promise<void> {
    const h = handle as ProcessInstance;
    if (!sameDefinitions(h.runtime.definitions, config.definitions)) {
      throw new RestartRequired(
        `instance '${h.name}' was started with other definitions: they apply at boot, so it must restart`,
      );
    }
    const reply = await h.control.request(
      Buffer.concat([
        Buffer.from(`WRITEDATA hotconfig ${Buffer.byteLength(config.text)}\r\n`, 'latin1'),
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

  async stop(handle: InstanceHandle, options: { graceMs?: number } = {}): Promise<void> {
    const h = handle as ProcessInstance;
    if (h.state === 'exited' || h.state === 'stopped') return;
    if (h.state === 'suspended') await this.resume(h);
    h.stopping = true;
    const timeout = options.graceMs ?? this.options.stopTimeoutMs ?? 3000;
    if (timeout > 0) signalAll([h.runtime.pid], 'SIGTERM');
    else signalAll(h.pids(), 'SIGKILL');
    const ended = await Promise.race([
      h.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), timeout).unref()),
    ]);
    if (!ended) {
      signalAll(h.pids(), 'SIGKILL');
      await h.exited;
    }
  }

  async suspend(handle: InstanceHandle): Promise<void> {
    const h = handle as ProcessInstance;
    if (h.state !== 'running') throw new BackendError(`instance '${h.name}' is ${h.state}, not running`);
    if (h.cgroups) await h.cgroups.freeze();
    else signalAll(h.pids(), 'SIGSTOP');
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
    stats.pssBytes = pss;
    stats.rssBytes = rss;
    stats.ringBytes = ring;
    stats.cpuSeconds = cpu;
    const up = uptimeSeconds(h.runtime.pid);
    if (up !== undefined) stats.uptimeSeconds = up;
    const cg = h.cgroups?.memoryUsage();
    if (cg !== undefined) stats.cgroupMemoryBytes = cg;
    return stats;
  }

  async adopt(spec: InstanceSpec, record: RuntimeRecord): Promise<InstanceHandle | undefined> {
    const runtime = record as ProcessRuntime;
    if (typeof runtime.pid !== 'number' || !isSameProcess(runtime.pid, runtime.startTicks)) return undefined;
    let client: ControlClient;
    try {
      // A frozen instance accepts the connection but greets only once thawed.
      client = await ControlClient.connect(runtime.control, { timeoutMs: 2000, waitForGreeting: false });
    } catch {
      return undefined; // alive but not answering: the caller restarts it
    }
    const cgroups = runtime.cgroups ? new InstanceCgroups(spec.name, this.options.cgroupOptions) : undefined;
    const h = new ProcessInstance(
      spec.name,
      runtime,
      client,
      cgroups,
      undefined,
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
    }
  }

  async destroy(name: string): Promise<void> {
    const pending = this.pendingPorts.get(name);
    if (pending) for (const p of pending) releaseRingPort(p);
    this.pendingPorts.delete(name);
    const cgroups = this.cgroupsOf(name);
    if (cgroups) {
      signalAll(cgroups.tasks(), 'SIGKILL');
      await cgroups.remove();
    }
    rmSync(this.dir(name), { recursive: true, force: true });
  }
}

// Waits (briefly) for a child that announced its failure to exit, so nothing is left behind.
async function cgroupsDrain(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const late = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
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
