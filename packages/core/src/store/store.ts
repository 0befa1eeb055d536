// The control store: one SQLite file (WAL) holding the desired state of every instance, its
// versioned configurations and ports, switch tables, plugins and an event log. Everything the
// supervisor needs to rebuild the running system after a restart is here.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BackendError, Conflict, NotFound } from '../errors.js';
import type { PortSpecValue, ResourcesValue } from '../instances/spec.js';
import { MIGRATIONS } from './migrations.js';

export type DesiredState = 'stopped' | 'running' | 'suspended';

/** What a backend records about a running instance so a new supervisor can find it again. */
export type RuntimeRecord = Record<string, unknown>;

export interface InstanceRecord {
  name: string;
  backend: string;
  labels: Record<string, string>;
  resources: ResourcesValue;
  desired: DesiredState;
  /** The configuration version the instance should run; undefined before the first install. */
  configVersion: number | undefined;
  runtime: RuntimeRecord | undefined;
  ports: PortSpecValue[];
  createdAt: string;
  updatedAt: string;
}

export interface ConfigRecord {
  instance: string;
  version: number;
  text: string;
  definitions: Record<string, string>;
  createdAt: string;
}

export interface EventRecord {
  id: number;
  at: string;
  instance: string | undefined;
  kind: string;
  detail: Record<string, unknown>;
}

export interface PluginRecord {
  name: string;
  version: string;
  manifest: Record<string, unknown>;
  path: string | undefined;
  installedAt: string;
}

export interface SwitchEntryRecord {
  switch: string;
  mac: string;
  instance: string;
  devid: number;
}

/** A Linux interface a switch should have as a port (NIC or TAP), as the store keeps it. */
export interface InterfaceRecord {
  switch: string;
  kind: 'nic' | 'tap';
  ifname: string;
  /** NIC ports: AF_PACKET ('packet', the switch's default) or AF_XDP ('xdp'). */
  mode?: 'packet' | 'xdp';
  /** AF_XDP: zero-copy required (true), refused (false), or tried (absent). */
  zerocopy?: boolean;
  busy: boolean;
  createdAt: string;
}

/** A static MAC entry of an interface port (NIC or TAP). */
export interface InterfaceEntryRecord {
  switch: string;
  mac: string;
  ifname: string;
}

/** Who supervises the store (see Supervisor.open): a process, named by pid and start time. */
export interface SupervisorLockRecord {
  pid: number;
  startTicks: number;
  bootId: string;
  host: string;
  token: string;
  since: string;
}

interface InstanceRow {
  name: string;
  backend: string;
  labels: string;
  resources: string;
  desired: DesiredState;
  config_version: number | null;
  runtime: string | null;
  created_at: string;
  updated_at: string;
}

const now = () => new Date().toISOString();

export interface StoreOptions {
  /** Keep at most this many events (the oldest go first); default 100000. */
  maxEvents?: number;
}

export class Store {
  readonly db: Database.Database;
  private readonly maxEvents: number;
  private eventsSincePrune = 0;

  private constructor(
    db: Database.Database,
    readonly path: string,
    options: StoreOptions,
  ) {
    this.db = db;
    this.maxEvents = options.maxEvents ?? 100_000;
  }

  /** Opens (creating if needed) the store at `path` and brings its schema up to date. */
  static open(path: string, options: StoreOptions = {}): Store {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (err) {
      throw new BackendError(`cannot open the control store ${path}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, path);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Store(db, path, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The schema version (number of migrations applied). */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- instances ----

  createInstance(rec: {
    name: string;
    backend: string;
    labels: Record<string, string>;
    resources: ResourcesValue;
    ports: PortSpecValue[];
  }): InstanceRecord {
    const t = now();
    this.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM instances WHERE name = ?').get(rec.name)) {
        throw new Conflict(`an instance named '${rec.name}' already exists`);
      }
      this.db
        .prepare(
          `INSERT INTO instances (name, backend, labels, resources, desired, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'stopped', ?, ?)`,
        )
        .run(rec.name, rec.backend, JSON.stringify(rec.labels), JSON.stringify(rec.resources), t, t);
      const port = this.db.prepare(
        'INSERT INTO ports (instance, devid, switch, mac, slots, frame) VALUES (?, ?, ?, ?, ?, ?)',
      );
      rec.ports.forEach((p, devid) => {
        port.run(rec.name, devid, p.switch, p.mac ?? null, p.slots, p.frame);
      });
    });
    return this.getInstance(rec.name);
  }

  private toInstance(row: InstanceRow): InstanceRecord {
    const ports = this.db
      .prepare('SELECT switch, mac, slots, frame FROM ports WHERE instance = ? ORDER BY devid')
      .all(row.name) as Array<{ switch: string; mac: string | null; slots: number; frame: number }>;
    return {
      name: row.name,
      backend: row.backend,
      labels: JSON.parse(row.labels),
      resources: JSON.parse(row.resources),
      desired: row.desired,
      configVersion: row.config_version ?? undefined,
      runtime: row.runtime ? JSON.parse(row.runtime) : undefined,
      ports: ports.map((p) => ({
        switch: p.switch,
        slots: p.slots,
        frame: p.frame,
        ...(p.mac ? { mac: p.mac } : {}),
      })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  findInstance(name: string): InstanceRecord | undefined {
    const row = this.db.prepare('SELECT * FROM instances WHERE name = ?').get(name) as
      | InstanceRow
      | undefined;
    return row ? this.toInstance(row) : undefined;
  }

  getInstance(name: string): InstanceRecord {
    const rec = this.findInstance(name);
    if (!rec) throw new NotFound(`no instance named '${name}'`);
    return rec;
  }

  listInstances(): InstanceRecord[] {
    const rows = this.db.prepare('SELECT * FROM instances ORDER BY name').all() as InstanceRow[];
    return rows.map((r) => this.toInstance(r));
  }

  setDesired(name: string, desired: DesiredState): void {
    this.update(name, 'desired = ?', desired);
  }

  setRuntime(name: string, runtime: RuntimeRecord | undefined): void {
    this.update(name, 'runtime = ?', runtime ? JSON.stringify(runtime) : null);
  }

  setLabels(name: string, labels: Record<string, string>): void {
    this.update(name, 'labels = ?', JSON.stringify(labels));
  }

  private update(name: string, assignment: string, value: unknown): void {
    const r = this.db
      .prepare(`UPDATE instances SET ${assignment}, updated_at = ? WHERE name = ?`)
      .run(value, now(), name);
    if (r.changes === 0) throw new NotFound(`no instance named '${name}'`);
  }

  deleteInstance(name: string): void {
    const r = this.db.prepare('DELETE FROM instances WHERE name = ?').run(name);
    if (r.changes === 0) throw new NotFound(`no instance named '${name}'`);
  }

  // ---- configurations ----

  /** Stores a new version of the instance's configuration and returns it (not yet the one to run). */
  addConfig(instance: string, text: string, definitions: Record<string, string>): ConfigRecord {
    return this.transaction(() => {
      this.getInstance(instance);
      const last = this.db
        .prepare('SELECT MAX(version) AS v FROM configs WHERE instance = ?')
        .get(instance) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const createdAt = now();
      this.db
        .prepare(
          'INSERT INTO configs (instance, version, text, definitions, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(instance, version, text, JSON.stringify(definitions), createdAt);
      return { instance, version, text, definitions, createdAt };
    });
  }

  /** Marks `version` as the configuration the instance runs. */
  setConfigVersion(instance: string, version: number): void {
    this.update(instance, 'config_version = ?', version);
  }

  getConfig(instance: string, version: number): ConfigRecord {
    const row = this.db
      .prepare('SELECT * FROM configs WHERE instance = ? AND version = ?')
      .get(instance, version) as
      | { instance: string; version: number; text: string; definitions: string; created_at: string }
      | undefined;
    if (!row) throw new NotFound(`instance '${instance}' has no configuration version ${version}`);
    return {
      instance: row.instance,
      version: row.version,
      text: row.text,
      definitions: JSON.parse(row.definitions),
      createdAt: row.created_at,
    };
  }

  /** The configuration the instance should run, if it has one. */
  currentConfig(instance: string): ConfigRecord | undefined {
    const rec = this.getInstance(instance);
    return rec.configVersion === undefined ? undefined : this.getConfig(instance, rec.configVersion);
  }

  /** Versions of the instance's configuration, oldest first (texts left out). */
  configVersions(instance: string): Array<{ version: number; createdAt: string; bytes: number }> {
    return (
      this.db
        .prepare(
          'SELECT version, created_at, length(CAST(text AS BLOB)) AS bytes FROM configs WHERE instance = ? ORDER BY version',
        )
        .all(instance) as Array<{ version: number; created_at: string; bytes: number }>
    ).map((r) => ({ version: r.version, createdAt: r.created_at, bytes: r.bytes }));
  }

  // ---- events ----

  addEvent(instance: string | undefined, kind: string, detail: Record<string, unknown> = {}): void {
    this.db
      .prepare('INSERT INTO events (at, instance, kind, detail) VALUES (?, ?, ?, ?)')
      .run(now(), instance ?? null, kind, JSON.stringify(detail));
    if (++this.eventsSincePrune >= 1000) {
      this.eventsSincePrune = 0;
      this.db.prepare('DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?').run(this.maxEvents);
    }
  }

  /** Events, oldest first; of one instance if named, after event `afterId` if given. */
  events(
    options: { instance?: string; afterId?: number; kind?: string; limit?: number } = {},
  ): EventRecord[] {
    const where: string[] = ['id > ?'];
    const args: unknown[] = [options.afterId ?? 0];
    if (options.instance !== undefined) {
      where.push('instance = ?');
      args.push(options.instance);
    }
    if (options.kind !== undefined) {
      where.push('kind = ?');
      args.push(options.kind);
    }
    args.push(options.limit ?? 1000);
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
      .all(...args) as Array<{
      id: number;
      at: string;
      instance: string | null;
      kind: string;
      detail: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      instance: r.instance ?? undefined,
      kind: r.kind,
      detail: JSON.parse(r.detail),
    }));
  }

  // ---- switch tables ----

  addSwitchEntry(e: SwitchEntryRecord): void {
    try {
      this.db
        .prepare('INSERT INTO switch_entries (switch, mac, instance, devid) VALUES (?, ?, ?, ?)')
        .run(e.switch, e.mac.toLowerCase(), e.instance, e.devid);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new Conflict(`switch '${e.switch}' already has a static entry for ${e.mac}`);
      }
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new NotFound(`no instance named '${e.instance}'`);
      }
      throw err;
    }
  }

  removeSwitchEntry(switchName: string, mac: string): void {
    const r = this.db
      .prepare('DELETE FROM switch_entries WHERE switch = ? AND mac = ?')
      .run(switchName, mac.toLowerCase());
    if (r.changes === 0) throw new NotFound(`switch '${switchName}' has no static entry for ${mac}`);
  }

  switchEntries(switchName?: string): SwitchEntryRecord[] {
    const rows =
      switchName === undefined
        ? this.db.prepare('SELECT * FROM switch_entries ORDER BY switch, mac').all()
        : this.db.prepare('SELECT * FROM switch_entries WHERE switch = ? ORDER BY mac').all(switchName);
    return rows as SwitchEntryRecord[];
  }

  // ---- interfaces the switches should have (NIC and TAP ports) ----

  /** Records (or replaces) the interface as a port of its switch. */
  putInterface(i: Omit<InterfaceRecord, 'createdAt'>): void {
    // Static entries stay with the interface on its switch; moved to another, they go.
    this.db.prepare('DELETE FROM interface_entries WHERE ifname = ? AND switch != ?').run(i.ifname, i.switch);
    this.db
      .prepare(
        `INSERT INTO switch_interfaces (ifname, switch, kind, mode, zerocopy, busy, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(ifname) DO UPDATE SET switch = excluded.switch, kind = excluded.kind,
           mode = excluded.mode, zerocopy = excluded.zerocopy, busy = excluded.busy`,
      )
      .run(
        i.ifname,
        i.switch,
        i.kind,
        i.mode ?? null,
        i.zerocopy === undefined ? null : i.zerocopy ? 1 : 0,
        i.busy ? 1 : 0,
        now(),
      );
  }

  /** Forgets the interface; false if it was not recorded. */
  removeInterface(ifname: string): boolean {
    return this.db.prepare('DELETE FROM switch_interfaces WHERE ifname = ?').run(ifname).changes > 0;
  }

  /** Recorded interfaces, of one switch or all, by switch and name. */
  interfaces(switchName?: string): InterfaceRecord[] {
    const rows = (
      switchName === undefined
        ? this.db.prepare('SELECT * FROM switch_interfaces ORDER BY switch, ifname').all()
        : this.db.prepare('SELECT * FROM switch_interfaces WHERE switch = ? ORDER BY ifname').all(switchName)
    ) as Array<{
      ifname: string;
      switch: string;
      kind: 'nic' | 'tap';
      mode: 'packet' | 'xdp' | null;
      zerocopy: number | null;
      busy: number;
      created_at: string;
    }>;
    return rows.map((r) => ({
      switch: r.switch,
      kind: r.kind,
      ifname: r.ifname,
      ...(r.mode ? { mode: r.mode } : {}),
      ...(r.zerocopy === null ? {} : { zerocopy: r.zerocopy === 1 }),
      busy: r.busy === 1,
      createdAt: r.created_at,
    }));
  }

  /**
   * Records a static MAC entry for the port of recorded interface `ifname` (replacing an entry
   * of the same MAC on that switch: the address moved).
   */
  putInterfaceEntry(e: InterfaceEntryRecord): void {
    try {
      this.db
        .prepare(
          `INSERT INTO interface_entries (switch, mac, ifname) VALUES (?, ?, ?)
           ON CONFLICT(switch, mac) DO UPDATE SET ifname = excluded.ifname`,
        )
        .run(e.switch, e.mac.toLowerCase(), e.ifname);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new NotFound(`no recorded interface '${e.ifname}'`);
      }
      throw err;
    }
  }

  /** Forgets a static entry of an interface port; false if there was none. */
  removeInterfaceEntry(switchName: string, mac: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM interface_entries WHERE switch = ? AND mac = ?')
        .run(switchName, mac.toLowerCase()).changes > 0
    );
  }

  interfaceEntries(switchName?: string): InterfaceEntryRecord[] {
    const rows =
      switchName === undefined
        ? this.db.prepare('SELECT * FROM interface_entries ORDER BY switch, mac').all()
        : this.db.prepare('SELECT * FROM interface_entries WHERE switch = ? ORDER BY mac').all(switchName);
    return rows as InterfaceEntryRecord[];
  }

  // ---- the supervisor lock (one supervisor per store; see supervisor/lock.ts) ----

  supervisorLock(): SupervisorLockRecord | undefined {
    const r = this.db.prepare('SELECT * FROM supervisor_lock WHERE id = 1').get() as
      | { pid: number; start_ticks: number; boot_id: string; host: string; token: string; since: string }
      | undefined;
    return r
      ? {
          pid: r.pid,
          startTicks: r.start_ticks,
          bootId: r.boot_id,
          host: r.host,
          token: r.token,
          since: r.since,
        }
      : undefined;
  }

  putSupervisorLock(l: SupervisorLockRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO supervisor_lock (id, pid, start_ticks, boot_id, host, token, since)
         VALUES (1, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.pid, l.startTicks, l.bootId, l.host, l.token, l.since);
  }

  /** Removes the lock if `token` holds it (or whoever holds it, without a token). */
  clearSupervisorLock(token?: string): void {
    if (token === undefined) this.db.prepare('DELETE FROM supervisor_lock').run();
    else this.db.prepare('DELETE FROM supervisor_lock WHERE token = ?').run(token);
  }

  // ---- plugins ----

  putPlugin(p: { name: string; version: string; manifest: Record<string, unknown>; path?: string }): void {
    this.db
      .prepare(
        `INSERT INTO plugins (name, version, manifest, path, installed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET version = excluded.version, manifest = excluded.manifest,
           path = excluded.path, installed_at = excluded.installed_at`,
      )
      .run(p.name, p.version, JSON.stringify(p.manifest), p.path ?? null, now());
  }

  plugins(): PluginRecord[] {
    const rows = this.db.prepare('SELECT * FROM plugins ORDER BY name').all() as Array<{
      name: string;
      version: string;
      manifest: string;
      path: string | null;
      installed_at: string;
    }>;
    return rows.map((r) => ({
      name: r.name,
      version: r.version,
      manifest: JSON.parse(r.manifest),
      path: r.path ?? undefined,
      installedAt: r.installed_at,
    }));
  }

  removePlugin(name: string): void {
    const r = this.db.prepare('DELETE FROM plugins WHERE name = ?').run(name);
    if (r.changes === 0) throw new NotFound(`no plugin named '${name}'`);
  }

  // ---- backup ----

  /** A consistent copy of the store at `destination`, taken while it stays in use. */
  async backup(destination: string): Promise<void> {
    mkdirSync(dirname(destination), { recursive: true });
    try {
      await this.db.backup(destination);
    } catch (err) {
      throw new BackendError(`backup to ${destination} failed: ${(err as Error).message}`, { cause: err });
    }
    // The copy is nobody's to supervise yet: it must not carry this supervisor's lock.
    clearLockIn(destination);
  }
}

function migrate(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new BackendError(
      `the control store ${path} has schema version ${version}, newer than this @clickos/core knows ` +
        `(${MIGRATIONS.length}): upgrade @clickos/core`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

// Removes the supervisor lock from a store file that has one (older schemas have no table).
function clearLockIn(path: string): void {
  const db = new Database(path);
  try {
    const has = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'supervisor_lock'")
      .get();
    if (has) db.prepare('DELETE FROM supervisor_lock').run();
  } finally {
    db.close();
  }
}

/**
 * Replaces the store at `target` with the backup at `source` (which is checked first: it must
 * open as a control store of a schema this version knows). No process may have `target` open.
 */
export async function restoreStore(source: string, target: string): Promise<void> {
  let backup: Database.Database;
  try {
    backup = new Database(source, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new NotFound(`cannot open the backup ${source}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const version = backup.pragma('user_version', { simple: true }) as number;
    const integrity = backup.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new BackendError(`the backup ${source} is damaged: ${String(integrity)}`);
    if (version < 1 || version > MIGRATIONS.length) {
      throw new BackendError(`${source} is not a control store this version can restore (schema ${version})`);
    }
    const hasInstances = backup
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'instances'")
      .get();
    if (!hasInstances) throw new BackendError(`${source} is not a ClickOS control store`);
    mkdirSync(dirname(target), { recursive: true });
    await backup.backup(target);
  } finally {
    backup.close();
  }
  // No process has the target open: a lock the backup carried (a copy of a supervised store
  // made by other means) names nobody who supervises it.
  clearLockIn(target);
  // Bring the restored copy to the current schema.
  Store.open(target).close();
}
