// cgroup v1 groups of one instance (memory, cpu, freezer): created before it starts, limits
// written, the instance joins them itself (clickos-instance --cgroup), removed after it ends.
// Groups nest under this process's own group of each controller, so they stay inside whatever
// limits the host put on the supervisor.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendError } from '../../errors.js';
import type { ResourcesValue } from '../../instances/spec.js';

export const CONTROLLERS = ['memory', 'cpu', 'freezer'] as const;
export type Controller = (typeof CONTROLLERS)[number];

export interface CgroupOptions {
  /** Where the v1 hierarchies are mounted; default /sys/fs/cgroup. */
  root?: string;
  /** The group under which instances' groups go, relative to this process's group; default "clickos". */
  parent?: string;
}

/**
 * Whether `name` can be the group instances' groups go under: names of letters, digits, '_',
 * '.', '-' joined by '/', none of them '.' or '..' (a path below this process's own group,
 * never outside it).
 */
export function isCgroupParent(name: string): boolean {
  return (
    /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) &&
    !name.split('/').some((p) => p === '.' || p === '..')
  );
}

/** This process's group in each v1 hierarchy, from /proc/self/cgroup. */
function ownGroups(): Map<string, string> {
  const groups = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (!controllers || path === undefined) continue;
    for (const c of controllers.split(',')) groups.set(c, path);
  }
  return groups;
}

/** Why cgroups cannot be used here, or undefined if they can. */
export function cgroupsUnavailable(options: CgroupOptions = {}): string | undefined {
  const root = options.root ?? '/sys/fs/cgroup';
  if (process.getuid?.() !== 0) return 'cgroups need root';
  const own = ownGroups();
  for (const c of CONTROLLERS) {
    if (!existsSync(join(root, c, 'cgroup.procs')))
      return `no cgroup v1 '${c}' hierarchy at ${join(root, c)}`;
    if (!own.has(c)) return `this process is in no '${c}' cgroup`;
  }
  return undefined;
}

/** The groups of one instance. */
export class InstanceCgroups {
  readonly dirs: Record<Controller, string>;

  constructor(name: string, options: CgroupOptions = {}, dirs?: Record<Controller, string>) {
    if (dirs) {
      this.dirs = dirs;
      return;
    }
    const root = options.root ?? '/sys/fs/cgroup';
    const parent = options.parent ?? 'clickos';
    if (!isCgroupParent(parent))
      throw new BackendError(
        `invalid cgroup parent '${parent}' (names of letters, digits, '_', '.', '-' joined by '/', no '.' or '..')`,
      );
    const own = ownGroups();
    const made = {} as Record<Controller, string>;
    for (const c of CONTROLLERS) made[c] = join(root, c, own.get(c) ?? '/', parent, name);
    this.dirs = made;
  }

  /** The groups at the directories a runtime record names (a supervisor elsewhere made them). */
  static at(dirs: Record<Controller, string>): InstanceCgroups {
    return new InstanceCgroups('', {}, dirs);
  }

  /** Every group's directory. */
  list(): string[] {
    return CONTROLLERS.map((c) => this.dirs[c]);
  }

  /**
   * The groups an instance with these limits joins at boot (--cgroup): memory and cpu only
   * when limited. Each join costs the instance milliseconds here (a v1 task move waits for an
   * RCU grace period), so the freezer group is joined only when the instance is suspended.
   */
  bootGroups(resources: ResourcesValue): string[] {
    const out: string[] = [];
    if (resources.memoryBytes !== undefined) out.push(this.dirs.memory);
    if (resources.cpuShares !== undefined || resources.cpuPercent !== undefined) out.push(this.dirs.cpu);
    return out;
  }

  /** Moves processes into the freezer group (before the first freeze). */
  joinFreezer(pids: number[]): void {
    for (const pid of pids) {
      try {
        writeFileSync(join(this.dirs.freezer, 'cgroup.procs'), String(pid));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') {
          throw new BackendError(`cannot move ${pid} into ${this.dirs.freezer}: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
    }
  }

  /** Creates the groups and writes the limits (unset limits are reset to unlimited). */
  create(resources: ResourcesValue): void {
    try {
      for (const c of CONTROLLERS) mkdirSync(this.dirs[c], { recursive: true });
      this.write('memory', 'memory.limit_in_bytes', String(resources.memoryBytes ?? -1));
      this.write('cpu', 'cpu.shares', String(resources.cpuShares ?? 1024));
      this.write('cpu', 'cpu.cfs_period_us', '100000');
      this.write(
        'cpu',
        'cpu.cfs_quota_us',
        resources.cpuPercent === undefined ? '-1' : String(Math.round(resources.cpuPercent * 1000)),
      );
    } catch (err) {
      if (err instanceof BackendError) throw err;
      throw new BackendError(`cannot create the cgroups of the instance: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  exists(): boolean {
    return CONTROLLERS.some((c) => existsSync(this.dirs[c]));
  }

  private write(c: Controller, file: string, value: string): void {
    try {
      writeFileSync(join(this.dirs[c], file), value);
    } catch (err) {
      throw new BackendError(
        `cannot write ${value} to ${join(this.dirs[c], file)}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  private read(c: Controller, file: string): string {
    return readFileSync(join(this.dirs[c], file), 'utf8').trim();
  }

  /** Pids in any of the instance's groups. */
  tasks(): number[] {
    const pids = new Set<number>();
    for (const c of CONTROLLERS) {
      try {
        for (const p of this.read(c, 'cgroup.procs').split('\n').filter(Boolean)) pids.add(Number(p));
      } catch {
        // no such group
      }
    }
    return [...pids];
  }

  memoryUsage(): number | undefined {
    try {
      return Number(this.read('memory', 'memory.usage_in_bytes'));
    } catch {
      return undefined;
    }
  }

  /** Freezes every task of the group and waits until the kernel says FROZEN (at most 2 s). */
  async freeze(): Promise<void> {
    await this.setFreezer('FROZEN');
  }

  async thaw(): Promise<void> {
    await this.setFreezer('THAWED');
  }

  freezerState(): string {
    return this.read('freezer', 'freezer.state');
  }

  private async setFreezer(state: 'FROZEN' | 'THAWED'): Promise<void> {
    this.write('freezer', 'freezer.state', state);
    for (let i = 0; i < 400; i++) {
      if (this.freezerState() === state) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new BackendError(`the freezer of ${this.dirs.freezer} did not reach ${state}`);
  }

  /** Removes the groups; they must be empty (the instance ended). Retries briefly while tasks drain. */
  async remove(): Promise<void> {
    for (const c of CONTROLLERS) {
      const dir = this.dirs[c];
      for (let attempt = 0; ; attempt++) {
        try {
          if (existsSync(dir)) rmdirSync(dir);
          break;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (code !== 'EBUSY' || attempt >= 1000) {
            throw new BackendError(`cannot remove the cgroup ${dir}: ${(err as Error).message}`, {
              cause: err,
            });
          }
          await new Promise((r) => setTimeout(r, 2));
        }
      }
    }
  }
}
