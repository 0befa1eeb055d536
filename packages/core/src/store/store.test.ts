import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendError, Conflict, NotFound } from '../errors.js';
import { removeDir, tempDir } from '../testing/programs.js';
import { MIGRATIONS } from './migrations.js';
import { restoreStore, Store } from './store.js';

const dir = tempDir('store');
afterAll(() => removeDir(dir));
let n = 0;
const fresh = () => Store.open(join(dir, `s${n++}.db`));

const fw = {
  name: 'fw1',
  backend: 'process',
  labels: { role: 'firewall', tenant: 'a' },
  resources: { memoryBytes: 8 << 20 },
  ports: [
    { switch: 'vale0', slots: 256, frame: 1518, mac: '02:00:00:00:00:01' },
    { switch: 'vale1', slots: 64, frame: 9216 },
  ],
};

describe('Store', () => {
  it('creates the schema in WAL mode with every migration applied', () => {
    const s = fresh();
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    s.close();
  });

  it('brings a store of schema 1 with data in it up to date, its rows kept', () => {
    // Written by hand with the first migration only, as an @clickos/core of schema 1 left it.
    const path = join(dir, `v1-${n++}.db`);
    const db = new Database(path);
    db.exec(MIGRATIONS[0] as string);
    db.pragma('user_version = 1');
    const t = '2026-01-01T00:00:00.000Z';
    db.prepare(
      `INSERT INTO instances (name, backend, labels, resources, desired, config_version, runtime, created_at, updated_at)
       VALUES ('old', 'process', '{"a":"b"}', '{}', 'running', 1, '{"pid":1}', ?, ?)`,
    ).run(t, t);
    db.prepare(
      `INSERT INTO configs (instance, version, text, created_at) VALUES ('old', 1, 'Idle -> Discard;', ?)`,
    ).run(t);
    db.prepare(`INSERT INTO ports VALUES ('old', 0, 'vale0', '02:00:00:00:00:01', 256, 1518)`).run();
    db.prepare(`INSERT INTO switch_entries VALUES ('vale0', '02:00:00:00:00:02', 'old', 0)`).run();
    db.close();

    const s = Store.open(path);
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    expect(s.getInstance('old')).toMatchObject({
      labels: { a: 'b' },
      desired: 'running',
      runtime: { pid: 1 },
    });
    expect(s.currentConfig('old')?.text).toBe('Idle -> Discard;');
    expect(s.getInstance('old').ports).toEqual([
      { switch: 'vale0', mac: '02:00:00:00:00:01', slots: 256, frame: 1518 },
    ]);
    expect(s.switchEntries()).toEqual([
      { switch: 'vale0', mac: '02:00:00:00:00:02', instance: 'old', devid: 0 },
    ]);
    // The new tables are there and empty: no lock, no interfaces, no interface entries.
    expect(s.supervisorLock()).toBeUndefined();
    expect(s.interfaces()).toEqual([]);
    expect(s.interfaceEntries()).toEqual([]);
    s.putInterface({ switch: 'vale0', kind: 'nic', ifname: 'veth0', busy: false });
    s.putInterfaceEntry({ switch: 'vale0', mac: '02:00:00:00:00:03', ifname: 'veth0' });
    expect(s.interfaceEntries()).toEqual([{ switch: 'vale0', mac: '02:00:00:00:00:03', ifname: 'veth0' }]);
    s.close();
  });

  it('keeps instances with their labels, limits and ports in order', () => {
    const s = fresh();
    const rec = s.createInstance(fw);
    expect(rec).toMatchObject({
      name: 'fw1',
      desired: 'stopped',
      labels: fw.labels,
      resources: fw.resources,
    });
    expect(rec.ports).toEqual(fw.ports);
    expect(rec.configVersion).toBeUndefined();
    expect(() => s.createInstance(fw)).toThrow(Conflict);
    expect(() => s.getInstance('nope')).toThrow(NotFound);
    s.setDesired('fw1', 'running');
    s.setRuntime('fw1', { pid: 42 });
    expect(s.getInstance('fw1')).toMatchObject({ desired: 'running', runtime: { pid: 42 } });
    s.close();
  });

  it('numbers configuration versions from 1 and remembers which one runs', () => {
    const s = fresh();
    s.createInstance(fw);
    expect(s.addConfig('fw1', 'Idle -> Discard;', {}).version).toBe(1);
    expect(s.addConfig('fw1', 'Idle -> q :: Queue -> Discard;', { N: '3' }).version).toBe(2);
    expect(s.currentConfig('fw1')).toBeUndefined();
    s.setConfigVersion('fw1', 2);
    expect(s.currentConfig('fw1')).toMatchObject({ version: 2, definitions: { N: '3' } });
    expect(s.configVersions('fw1').map((v) => [v.version, v.bytes])).toEqual([
      [1, 16],
      [2, 30],
    ]);
    expect(() => s.getConfig('fw1', 9)).toThrow(NotFound);
    expect(() => s.addConfig('nope', 'x', {})).toThrow(NotFound);
    s.close();
  });

  it('deletes an instance with its configurations, ports and switch entries', () => {
    const s = fresh();
    s.createInstance(fw);
    s.addConfig('fw1', 'Idle -> Discard;', {});
    s.addSwitchEntry({ switch: 'vale0', mac: '02:00:00:00:00:01', instance: 'fw1', devid: 0 });
    expect(() =>
      s.addSwitchEntry({ switch: 'vale0', mac: '02:00:00:00:00:01', instance: 'fw1', devid: 1 }),
    ).toThrow(Conflict);
    expect(() =>
      s.addSwitchEntry({ switch: 'vale0', mac: '02:00:00:00:00:02', instance: 'x', devid: 0 }),
    ).toThrow(NotFound);
    s.deleteInstance('fw1');
    for (const table of ['configs', 'ports', 'switch_entries']) {
      expect(s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(() => s.deleteInstance('fw1')).toThrow(NotFound);
    s.close();
  });

  it('keeps interface ports with their static entries, which go with the interface', () => {
    const s = fresh();
    s.putInterface({
      switch: 'vale0',
      kind: 'nic',
      ifname: 'veth0',
      mode: 'xdp',
      zerocopy: false,
      busy: true,
    });
    s.putInterface({ switch: 'vale1', kind: 'tap', ifname: 'tap0', busy: false });
    expect(s.interfaces().map(({ createdAt, ...i }) => i)).toEqual([
      { switch: 'vale0', kind: 'nic', ifname: 'veth0', mode: 'xdp', zerocopy: false, busy: true },
      { switch: 'vale1', kind: 'tap', ifname: 'tap0', busy: false },
    ]);
    expect(s.interfaces('vale1').map((i) => i.ifname)).toEqual(['tap0']);
    s.putInterfaceEntry({ switch: 'vale1', mac: '02:00:00:00:00:AA', ifname: 'tap0' });
    s.putInterfaceEntry({ switch: 'vale1', mac: '02:00:00:00:00:bb', ifname: 'tap0' });
    s.putInterfaceEntry({ switch: 'vale0', mac: '02:00:00:00:00:aa', ifname: 'veth0' });
    expect(() => s.putInterfaceEntry({ switch: 'vale0', mac: '02:00:00:00:00:cc', ifname: 'nope' })).toThrow(
      NotFound,
    );
    expect(s.interfaceEntries('vale0')).toEqual([
      { switch: 'vale0', mac: '02:00:00:00:00:aa', ifname: 'veth0' },
    ]);
    // A MAC given again on its switch moves to the new interface (lower-cased, one entry).
    s.putInterface({ switch: 'vale1', kind: 'tap', ifname: 'tap1', busy: false });
    s.putInterfaceEntry({ switch: 'vale1', mac: '02:00:00:00:00:aa', ifname: 'tap1' });
    expect(s.interfaceEntries('vale1')).toEqual([
      { switch: 'vale1', mac: '02:00:00:00:00:aa', ifname: 'tap1' },
      { switch: 'vale1', mac: '02:00:00:00:00:bb', ifname: 'tap0' },
    ]);
    expect(s.removeInterfaceEntry('vale1', '02:00:00:00:00:AA')).toBe(true);
    // The same interface attached again with other options keeps its entries; moved, it loses them.
    s.putInterface({ switch: 'vale0', kind: 'nic', ifname: 'veth0', busy: false });
    expect(s.interfaces('vale0')[0]).toMatchObject({ ifname: 'veth0', busy: false });
    expect(s.interfaces('vale0')[0]?.mode).toBeUndefined();
    expect(s.interfaceEntries('vale0')).toHaveLength(1);
    s.putInterface({ switch: 'vale2', kind: 'nic', ifname: 'veth0', busy: false });
    expect(s.interfaceEntries('vale0')).toEqual([]);
    // Forgotten, an interface takes its entries along.
    expect(s.removeInterface('tap0')).toBe(true);
    expect(s.removeInterface('tap0')).toBe(false);
    expect(s.interfaceEntries()).toEqual([]);
    expect(s.removeInterfaceEntry('vale1', '02:00:00:00:00:bb')).toBe(false);
    s.close();
  });

  it('logs events in order and filters them, keeping at most maxEvents', () => {
    const s = Store.open(join(dir, 'events.db'), { maxEvents: 50 });
    for (let i = 0; i < 1500; i++) s.addEvent(i % 2 ? 'a' : 'b', i % 3 ? 'tick' : 'tock', { i });
    const all = s.events({ limit: 5000 });
    expect(all.length).toBeLessThanOrEqual(550); // pruned every 1000 events to the last 50
    expect(all.at(-1)?.detail).toEqual({ i: 1499 });
    const ofA = s.events({ instance: 'a', kind: 'tock', limit: 5000 });
    expect(
      ofA.every((e) => e.instance === 'a' && e.kind === 'tock' && (e.detail.i as number) % 6 === 3),
    ).toBe(true);
    expect(s.events({ afterId: all.at(-2)?.id ?? 0 })).toHaveLength(1);
    s.close();
  });

  it('keeps plugins by name', () => {
    const s = fresh();
    s.putPlugin({ name: 'wire', version: '1.0.0', manifest: { configs: ['wire.click'] } });
    s.putPlugin({ name: 'wire', version: '1.1.0', manifest: { configs: [] }, path: '/p' });
    expect(s.plugins()).toMatchObject([{ name: 'wire', version: '1.1.0', path: '/p' }]);
    s.removePlugin('wire');
    expect(() => s.removePlugin('wire')).toThrow(NotFound);
    s.close();
  });

  it('backs up while open and restores over an existing store', async () => {
    const s = fresh();
    s.createInstance(fw);
    s.addConfig('fw1', 'Idle -> Discard;', {});
    const backup = join(dir, 'backup', 'b1.db');
    s.putSupervisorLock({ pid: 1, startTicks: 1, bootId: 'b', host: 'h', token: 't', since: 'now' });
    await s.backup(backup);
    expect(s.supervisorLock()?.token).toBe('t'); // the store keeps its lock, the copy has none
    s.createInstance({ ...fw, name: 'later' });
    const target = s.path;
    s.close();
    await restoreStore(backup, target);
    const r = Store.open(target);
    expect(r.listInstances().map((i) => i.name)).toEqual(['fw1']);
    expect(r.configVersions('fw1')).toHaveLength(1);
    expect(r.supervisorLock()).toBeUndefined();
    r.close();
  });

  it('refuses to restore what is not a control store, and stores from a newer version', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not sqlite at all, just some text that is long enough to be looked at');
    await expect(restoreStore(junk, join(dir, 'r.db'))).rejects.toThrow();
    await expect(restoreStore(join(dir, 'missing.db'), join(dir, 'r.db'))).rejects.toThrow(NotFound);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expect(restoreStore(other, join(dir, 'r.db'))).rejects.toThrow(BackendError);
    const newer = join(dir, 'newer.db');
    Store.open(newer).close();
    const ndb = new Database(newer);
    ndb.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    ndb.close();
    expect(() => Store.open(newer)).toThrow(/newer than this/);
  });
});
