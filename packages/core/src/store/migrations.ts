// The control store's schema, as an ordered list of migrations. PRAGMA user_version records how
// many have been applied; a store written by a newer version is refused rather than guessed at.

export const MIGRATIONS: readonly string[] = [
  // 1: desired state of instances, their versioned configurations and ports; switch tables,
  // plugins and an event log.
  `
  CREATE TABLE instances (
    name TEXT PRIMARY KEY,
    backend TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '{}',
    resources TEXT NOT NULL DEFAULT '{}',
    desired TEXT NOT NULL CHECK (desired IN ('stopped', 'running', 'suspended')),
    config_version INTEGER,
    runtime TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE configs (
    instance TEXT NOT NULL REFERENCES instances(name) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    definitions TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    PRIMARY KEY (instance, version)
  ) STRICT;

  CREATE TABLE ports (
    instance TEXT NOT NULL REFERENCES instances(name) ON DELETE CASCADE,
    devid INTEGER NOT NULL,
    switch TEXT NOT NULL,
    mac TEXT,
    slots INTEGER NOT NULL,
    frame INTEGER NOT NULL,
    PRIMARY KEY (instance, devid)
  ) STRICT;

  CREATE TABLE switch_entries (
    switch TEXT NOT NULL,
    mac TEXT NOT NULL,
    instance TEXT NOT NULL REFERENCES instances(name) ON DELETE CASCADE,
    devid INTEGER NOT NULL,
    PRIMARY KEY (switch, mac)
  ) STRICT;

  CREATE TABLE plugins (
    name TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    manifest TEXT NOT NULL,
    path TEXT,
    installed_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    instance TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX events_by_instance ON events(instance, id);
  `,
  // 2: the supervisor that holds the store (one per store), and the Linux interfaces the
  // switches should have as ports (NIC and TAP), restored after a switch restart.
  `
  CREATE TABLE supervisor_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pid INTEGER NOT NULL,
    start_ticks INTEGER NOT NULL,
    boot_id TEXT NOT NULL,
    host TEXT NOT NULL,
    token TEXT NOT NULL,
    since TEXT NOT NULL
  ) STRICT;

  CREATE TABLE switch_interfaces (
    ifname TEXT PRIMARY KEY,
    switch TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nic', 'tap')),
    mode TEXT CHECK (mode IN ('packet', 'xdp')),
    zerocopy INTEGER,
    busy INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 3: static MAC entries of interface ports (NIC and TAP), restored with their interface.
  `
  CREATE TABLE interface_entries (
    switch TEXT NOT NULL,
    mac TEXT NOT NULL,
    ifname TEXT NOT NULL REFERENCES switch_interfaces(ifname) ON DELETE CASCADE,
    PRIMARY KEY (switch, mac)
  ) STRICT;
  `,
];
