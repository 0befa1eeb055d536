// One supervisor per store: the supervisor that opens a store takes its lock, a row naming its
// process (pid, start time, boot id, host). A second supervisor, in another process or in
// this one, is refused while that process lives; a lock whose process is gone (killed,
// crashed, or from an earlier boot) is taken over. Taking and checking happen in one
// IMMEDIATE transaction, so two supervisors opening at once cannot both win. Readers of the
// store (backups, listings) take no lock.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isSameProcess, processStartTicks } from '../backends/process/proc.js';
import { Conflict } from '../errors.js';
import type { Store, SupervisorLockRecord } from '../store/store.js';

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** Whether the lock's process still runs (another host's lock cannot be checked: it counts as live). */
function holderAlive(lock: SupervisorLockRecord): boolean {
  if (lock.host !== hostname()) return true;
  if (lock.bootId !== bootId()) return false;
  return isSameProcess(lock.pid, lock.startTicks);
}

/** Raised when the store already has a live supervisor. */
export class StoreInUse extends Conflict {
  constructor(
    readonly storePath: string,
    readonly holder: SupervisorLockRecord,
  ) {
    const where =
      holder.host !== hostname()
        ? ` on host ${holder.host}`
        : holder.pid === process.pid
          ? ' (this process: another InstanceManager or Supervisor)'
          : '';
    super(
      `the control store ${storePath} is already supervised by process ${holder.pid}${where}, since ` +
        `${holder.since}: one supervisor per store (stop that one, or use another store)`,
    );
  }
}

export class SupervisorLock {
  private constructor(
    private readonly store: Store,
    readonly token: string,
  ) {}

  /**
   * Takes the store's lock for this process; a StoreInUse error names the live holder. A stale
   * lock is taken over, with a 'supervisor-lock-taken-over' event naming the process it was.
   */
  static acquire(store: Store): SupervisorLock {
    const token = randomUUID();
    const mine: SupervisorLockRecord = {
      pid: process.pid,
      startTicks: processStartTicks(process.pid) ?? 0,
      bootId: bootId(),
      host: hostname(),
      token,
      since: new Date().toISOString(),
    };
    const take = store.db.transaction(() => {
      const held = store.supervisorLock();
      if (held && holderAlive(held)) throw new StoreInUse(store.path, held);
      store.putSupervisorLock(mine);
      if (held) {
        store.addEvent(undefined, 'supervisor-lock-taken-over', {
          pid: held.pid,
          host: held.host,
          since: held.since,
        });
      }
    });
    take.immediate();
    return new SupervisorLock(store, token);
  }

  /** Gives the lock up (nothing happens if another supervisor took it over meanwhile). */
  release(): void {
    if (this.store.db.open) this.store.clearSupervisorLock(this.token);
  }
}
