// The interface every isolation backend implements (process now; kvm and xen later, see
// docs/backends.md). A backend runs instances; it keeps no state of its own that a restarted
// supervisor could not find again from the RuntimeRecord it returned.
import type { ControlClient } from '../control/client.js';
import type { PortSpecValue, ResourcesValue } from '../instances/spec.js';
import type { RuntimeRecord } from '../store/store.js';

/** What a backend needs to run an instance. */
export interface InstanceSpec {
  name: string;
  labels: Record<string, string>;
  ports: PortSpecValue[];
  resources: ResourcesValue;
}

/** A configuration to install, with its command-line definitions ($NAME). */
export interface ConfigPayload {
  text: string;
  definitions: Record<string, string>;
  version: number;
}

export type InstanceState = 'created' | 'running' | 'suspended' | 'stopped' | 'exited';

/** One attached netfront port as the instance sees it. */
export interface PortStatus {
  devid: number;
  switch: string;
  /** The switch's port number. */
  port: number;
  mac?: string;
}

export interface InstanceStats {
  state: InstanceState;
  pid?: number;
  /** Seconds since the instance (its current process) started. */
  uptimeSeconds?: number;
  /** CPU time used, user + system, in seconds. */
  cpuSeconds?: number;
  /** Proportional set size (shared pages divided among their users), in bytes. */
  pssBytes?: number;
  /** Of it, the shared ring memory of its ports. */
  ringBytes?: number;
  rssBytes?: number;
  /** How long the instance took from its main() to ready, as it reported (microseconds). */
  setupMicros?: number;
  /** cgroup memory.usage_in_bytes when the instance has a memory cgroup. */
  cgroupMemoryBytes?: number;
  ports: PortStatus[];
}

/** Why an instance ended, as its backend saw it. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** The last lines of its log (stderr), to report. */
  log: string[];
}

/** A live instance, as long as its backend runs it. */
export interface InstanceHandle {
  readonly name: string;
  readonly backend: string;
  /** What a later supervisor needs to adopt it (see Backend.adopt); stored in the control store. */
  readonly runtime: RuntimeRecord;
  /** Its control channel (Click's ControlSocket protocol). */
  readonly control: ControlClient;
  /** Resolves once, when the instance ends for any reason. */
  readonly exited: Promise<ExitInfo>;
  readonly state: InstanceState;
  /** Forgets the instance without stopping it: closes the control channel, stops watching it. */
  release(): void;
}

export interface Backend {
  readonly kind: string;
  /**
   * Checks that the backend can run `spec` (its switches exist, its limits can be applied) and
   * prepares what outlives one run (a directory, cgroups). Nothing runs yet.
   */
  create(spec: InstanceSpec): Promise<void>;
  /**
   * Boots an instance and installs `config` in it: resolves when it runs the configuration and
   * answers its control channel. A bad configuration is a ConfigError (nothing keeps running).
   */
  start(spec: InstanceSpec, config: ConfigPayload): Promise<InstanceHandle>;
  /** Installs a new configuration into a running instance (hot-swap where classes and names match). */
  install(handle: InstanceHandle, config: ConfigPayload): Promise<void>;
  /**
   * Ends the instance's process (or guest); resources it alone used are released. It has
   * `graceMs` (default: the backend's) to end by itself before it is killed.
   */
  stop(handle: InstanceHandle, options?: { graceMs?: number }): Promise<void>;
  /** Freezes the instance with its state in memory; resume() continues it. */
  suspend(handle: InstanceHandle): Promise<void>;
  resume(handle: InstanceHandle): Promise<void>;
  stats(handle: InstanceHandle): Promise<InstanceStats>;
  /**
   * Finds a running instance from the record a previous start() left, or undefined if it is gone
   * (what it left behind is then cleaned up).
   */
  adopt(spec: InstanceSpec, runtime: RuntimeRecord): Promise<InstanceHandle | undefined>;
  /**
   * Hands ports `devids` of a running instance back to a switch that restarted and forgot them
   * (the instance keeps its rings and the frames in them); resolves with those ports, their
   * new numbers set in the handle's runtime record. Optional: without it, the supervisor
   * restarts the instance (fresh ports, element state lost).
   */
  reattachPorts?(handle: InstanceHandle, devids: number[]): Promise<PortStatus[]>;
  /** Ends what is left of an instance that could not be adopted (alive but not answering). */
  kill(runtime: RuntimeRecord): Promise<void>;
  /** Releases what the backend holds for instances not started yet (the supervisor is closing). */
  close?(): Promise<void>;
  /**
   * Releases what an instance that is gone for good left behind (directories, cgroups, ports);
   * `runtime` is its last runtime record, if it had one.
   */
  destroy(name: string, runtime?: RuntimeRecord): Promise<void>;
}
