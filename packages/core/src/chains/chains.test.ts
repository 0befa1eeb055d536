// The chain file's checks (every error at file:line:col, naming the field's path) and the
// planner, a pure function: expected changes are written by hand from the states given.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { PluginRegistry } from '../plugins/registry.js';
import { Store } from '../store/store.js';
import { parseChain, readChain } from './load.js';
import { type CurrentInstance, type CurrentState, describeChange, planChain } from './plan.js';
import { resolveChain } from './resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-chains-'));
writeFileSync(join(dir, 'wire.click'), 'FromNetfront(0) -> ToNetfront(1);\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errors(text: string, file = 'c.yaml'): string[] {
  try {
    parseChain(text, file, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map((d) => d.text);
    throw err;
  }
  throw new Error('no error');
}

const good = `chain: c1
switches:
  - name: vale0
    nics: [veth0, {ifname: veth1, mode: xdp}]
instances:
  - name: w1
    config: wire.click
    ports: [vale0, {switch: vale1, mac: "02:00:00:00:00:01", slots: 1024}]
  - name: w2
    text: "Idle -> Discard;"
    state: stopped
`;

describe('chain files', () => {
  it('reads YAML, inlines config files, fills defaults', () => {
    const c = parseChain(good, 'c.yaml', dir);
    expect(c.chain).toBe('c1');
    expect(c.switches[0]?.nics).toEqual([
      { ifname: 'veth0', mode: 'packet', busy: false },
      { ifname: 'veth1', mode: 'xdp', busy: false },
    ]);
    expect(c.instances[0]).toMatchObject({
      name: 'w1',
      text: 'FromNetfront(0) -> ToNetfront(1);\n',
      filename: 'wire.click',
      state: 'running',
      ports: [
        { switch: 'vale0', slots: 256, frame: 1518 },
        { switch: 'vale1', mac: '02:00:00:00:00:01', slots: 1024, frame: 1518 },
      ],
    });
    expect(c.instances[1]).toMatchObject({ name: 'w2', text: 'Idle -> Discard;', state: 'stopped' });
  });

  it('reads plugin instances (parameters as text), TAP ports and static entries', () => {
    const c = parseChain(
      `chain: c2
switches:
  - name: s0
    nics: [veth0]
    taps: [tap0, {ifname: tap1, busy: true}]
    static:
      - {mac: "02:00:00:00:00:10", port: veth0}
      - {mac: "02:00:00:00:00:11", port: tap1}
instances:
  - name: p1
    plugin: wire/wire
    params: {BURST: 16, IN: "0", QUIET: true}
    ports: [s0, s0]
`,
      'c2.yaml',
      dir,
    );
    expect(c.source).toBe('c2.yaml');
    expect(c.switches[0]).toEqual({
      name: 's0',
      nics: [{ ifname: 'veth0', mode: 'packet', busy: false }],
      taps: [
        { ifname: 'tap0', busy: false },
        { ifname: 'tap1', busy: true },
      ],
      static: [
        { mac: '02:00:00:00:00:10', port: 'veth0' },
        { mac: '02:00:00:00:00:11', port: 'tap1' },
      ],
    });
    expect(c.instances[0]).toMatchObject({
      name: 'p1',
      plugin: 'wire/wire',
      params: { BURST: '16', IN: '0', QUIET: 'true' },
      definitions: {},
    });
    expect(c.instances[0]?.text).toBeUndefined();
  });

  it('an unresolved alias or an alias bomb is an error at the alias, not a crash', () => {
    expect(errors('chain: c1\ninstances:\n  - name: *nope\n')).toEqual([
      'c.yaml:3:11: Unresolved alias (the anchor must be set before the alias): nope',
    ]);
    // Nine to the fourth: far more nodes than the aliases written (the YAML library's limit).
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'chain: c1',
    ].join('\n');
    expect(errors(bomb)).toEqual([
      'c.yaml:2:8: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('reads JSON with the same checks and positions', () => {
    expect(
      errors('{"chain": "c", "instances": [{"name": "a", "text": "", "ports": [7]}]}', 'c.json'),
    ).toEqual(['c.json:1:66: instances.0.ports.0: Invalid input: expected object, received number']);
  });

  it.each([
    [
      'chain: c\ninstances:\n  - name: a\n    text: x\n    ports: [{switch: v, slots: 100}]\n',
      'c.yaml:5:32: instances.0.ports.0.slots: slots must be a power of two',
    ],
    ['chain: c\ninstances:\n  - name: "-bad"\n    text: x\n', 'c.yaml:3:11: instances.0.name'],
    ['chain: c\ninstances:\n  - name: a\n', 'c.yaml:3:5: instances.0: give exactly one of config'],
    [
      'chain: c\ninstances:\n  - name: a\n    text: x\n    colour: red\n',
      'c.yaml:3:5: instances.0: Unrecognized key',
    ],
    [
      'chain: c\ninstances:\n  - name: a\n    config: missing.click\n',
      'c.yaml:4:13: instances.0.config: cannot read',
    ],
    [
      'chain: c\ninstances:\n  - {name: a, text: x}\n  - {name: a, text: y}\n',
      "c.yaml:4:12: instances.1.name: 'a' appears twice",
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    nics: [eth0, eth0]\n',
      "c.yaml:4:18: switches.0.nics.1: interface 'eth0'",
    ],
    ['instances: []\n', 'c.yaml:1:1: chain:'],
    [
      'chain: c\ninstances: [\n',
      'c.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['chain: c\nchain: d\n', 'c.yaml:2:1: Map keys must be unique'],
    [
      'chain: c\ninstances:\n  - name: a\n    text: x\n    plugin: wire\n',
      'c.yaml:3:5: instances.0: give exactly one of config (a file), text (the configuration itself) or plugin',
    ],
    [
      'chain: c\ninstances:\n  - name: a\n    text: x\n    params: {N: 1}\n',
      'c.yaml:5:13: instances.0.params: params go with plugin:',
    ],
    [
      'chain: c\ninstances:\n  - name: a\n    plugin: wire\n    definitions: {N: "1"}\n',
      "c.yaml:5:18: instances.0.definitions: a plugin's values are its params:, not definitions:",
    ],
    [
      'chain: c\ninstances:\n  - name: a\n    plugin: "wire//x"\n',
      'c.yaml:4:13: instances.0.plugin: expected a plugin name, or NAME/CONFIG',
    ],
    [
      'chain: c\ninstances:\n  - name: a\n    plugin: wire\n    params: {N: [1]}\n',
      'c.yaml:5:17: instances.0.params.N: Invalid input',
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    nics: [eth0]\n    static: [{mac: "02:00:00:00:00:01", port: eth9}]\n',
      "c.yaml:5:47: switches.0.static.0.port: unknown port 'eth9': switch s has no NIC or TAP port of that name in the file (it has eth0)",
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    taps: [t0]\n    static: [{mac: "02:00:00:00:00:0A", port: t0}, {mac: "02:00:00:00:00:0a", port: t0}]\n',
      'c.yaml:5:58: switches.0.static.1.mac: MAC 02:00:00:00:00:0a is already a static entry of switch s (static entry 0, port t0)',
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    taps: [t0]\n    static: [{mac: "02:00:00:00:00:01", port: t0}]\ninstances:\n  - name: a\n    text: x\n    ports: [{switch: s, mac: "02:00:00:00:00:01"}]\n',
      'c.yaml:5:20: switches.0.static.0.mac: MAC 02:00:00:00:00:01 is already a static entry of switch s (port 0 of instance a)',
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    nics: [eth0]\n    taps: [eth0]\n',
      "c.yaml:5:12: switches.0.taps.0: interface 'eth0' is declared more than once",
    ],
    [
      'chain: c\nswitches:\n  - name: s\n    static: [{mac: "02:00:00:00:00:01", port: eth0}]\n',
      "c.yaml:4:47: switches.0.static.0.port: unknown port 'eth0': switch s has no NIC or TAP port of that name in the file (it has none)",
    ],
  ])('%j: %s', (text, expected) => {
    const all = errors(text);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]?.slice(0, expected.length)).toBe(expected);
  });
});

const wire = 'FromNetfront(0) -> ToNetfront(1);\n';
function inst(name: string, over: Partial<CurrentInstance> = {}): CurrentInstance {
  return {
    name,
    backend: 'process',
    labels: { chain: 'c1', 'chain.position': '0' },
    resources: {},
    ports: [
      { switch: 'vale0', slots: 256, frame: 1518 },
      { switch: 'vale1', mac: '02:00:00:00:00:01', slots: 1024, frame: 1518 },
    ],
    desired: 'running',
    running: true,
    config: { text: wire, definitions: {} },
    ...over,
  };
}
const ring = (sw: string, name: string, port: number) => ({ port, switch: sw, kind: 'ring', name });
const w1Ports = [ring('vale0', 'w1:0', 0), ring('vale1', 'w1:1', 1)];
const chain = () => resolveChain(parseChain(good, 'c.yaml', dir), undefined);
const nicPorts = [
  { port: 5, switch: 'vale0', kind: 'packet', name: 'veth0' },
  { port: 6, switch: 'vale0', kind: 'xdp', name: 'veth1' },
];
const matching = (): CurrentState => ({
  instances: [
    inst('w1'),
    inst('w2', {
      labels: { chain: 'c1', 'chain.position': '1' },
      ports: [],
      desired: 'stopped',
      running: false,
      config: { text: 'Idle -> Discard;', definitions: {} },
    }),
  ],
  ports: [...w1Ports, ...nicPorts],
});

describe('planChain', () => {
  it('from nothing: NICs first, then the instances in file order', () => {
    const changes = planChain(chain(), { instances: [], ports: [] });
    expect(changes.map((c) => [c.kind, 'instance' in c ? c.instance : c.ifname])).toEqual([
      ['nic-attach', 'veth0'],
      ['nic-attach', 'veth1'],
      ['create', 'w1'],
      ['create', 'w2'],
    ]);
    expect(describeChange(changes[2] as never)).toBe(
      '+ create     w1: vale0, vale1(02:00:00:00:00:01); wire.click, started',
    );
  });

  it('nothing when everything matches', () => {
    expect(planChain(chain(), matching())).toEqual([]);
  });

  it('one changed configuration: one install, nothing else', () => {
    const s = matching();
    (s.instances[0] as CurrentInstance).config = { text: 'old', definitions: {} };
    expect(planChain(chain(), s).map((c) => [c.kind, 'instance' in c && c.instance])).toEqual([
      ['install', 'w1'],
    ]);
  });

  it('ports, limits or backend changed: recreate; labels: relabel; state: start/stop', () => {
    const s = matching();
    s.instances[0] = inst('w1', { ports: [{ switch: 'vale0', slots: 256, frame: 1518 }] });
    s.instances[1] = inst('w2', {
      labels: { chain: 'c1', 'chain.position': '1', extra: 'x' },
      ports: [],
      config: { text: 'Idle -> Discard;', definitions: {} },
    });
    const changes = planChain(chain(), s);
    // Stopped before its labels change (stop runs before install and relabel).
    expect(changes.map((c) => c.kind)).toEqual(['recreate', 'stop', 'relabel']);
    expect(changes[0]).toMatchObject({ instance: 'w1', fields: ['ports'] });
  });

  it('instances of the chain not in the file are destroyed; other chains are left alone', () => {
    const s = matching();
    s.instances.push(inst('old'), inst('theirs', { labels: { chain: 'other' } }));
    expect(planChain(chain(), s).map((c) => [c.kind, 'instance' in c && c.instance])).toEqual([
      ['destroy', 'old'],
    ]);
  });

  it('refuses to take over an instance of another chain', () => {
    const s = matching();
    s.instances[0] = inst('w1', { labels: { chain: 'other' } });
    expect(() => planChain(chain(), s)).toThrow(/belongs to chain 'other'/);
  });

  it('NIC ports of declared switches not in the file are detached; moved ones re-attached', () => {
    const s = matching();
    s.ports = [
      ...w1Ports,
      { port: 5, switch: 'vale9', kind: 'packet', name: 'veth0' },
      nicPorts[1] as never,
      { port: 7, switch: 'vale0', kind: 'packet', name: 'eth9' },
      { port: 8, switch: 'elsewhere', kind: 'packet', name: 'eth8' },
    ];
    expect(
      planChain(chain(), s).map((c) => [c.kind, 'ifname' in c && c.ifname, 'switch' in c && c.switch]),
    ).toEqual([
      ['nic-detach', 'veth0', 'vale9'],
      ['nic-detach', 'eth9', 'vale0'],
      ['nic-attach', 'veth0', 'vale0'],
    ]);
  });

  it('a running instance whose ports the switch has forgotten is restarted', () => {
    const s = matching();
    s.ports = [...nicPorts];
    expect(planChain(chain(), s)).toEqual([expect.objectContaining({ kind: 'restart', instance: 'w1' })]);
  });

  it('a NIC attached with other options (mode, busy) is detached and attached again', () => {
    const s = matching();
    s.ports = [...w1Ports, nicPorts[0] as never, { ...(nicPorts[1] as never), kind: 'packet' }];
    expect(planChain(chain(), s).map((c) => [c.kind, 'ifname' in c && c.ifname])).toEqual([
      ['nic-detach', 'veth1'],
      ['nic-attach', 'veth1'],
    ]);
  });
});

describe('planChain: suspended instances count as running, and are resumed', () => {
  const suspended = (over: Partial<CurrentInstance> = {}) =>
    inst('w1', { desired: 'suspended', running: true, suspended: true, ...over });

  it('wanted running: resume (and diff says so)', () => {
    const s = matching();
    s.instances[0] = suspended();
    const changes = planChain(chain(), s);
    expect(changes.map((c) => [c.kind, 'instance' in c && c.instance])).toEqual([['resume', 'w1']]);
    expect(describeChange(changes[0] as never)).toBe(
      '~ resume     w1: suspended, wanted running (element state kept)',
    );
  });

  it('a changed configuration: resumed first, then installed (a frozen instance cannot take it)', () => {
    const s = matching();
    s.instances[0] = suspended({ config: { text: 'old', definitions: {} } });
    expect(planChain(chain(), s).map((c) => c.kind)).toEqual(['resume', 'install']);
  });

  it('its ports lost with the switch: restarted (running again), not resumed', () => {
    const s = matching();
    s.instances[0] = suspended();
    s.ports = [...nicPorts];
    expect(planChain(chain(), s).map((c) => c.kind)).toEqual(['restart']);
  });

  it('ports of a 62-character name, listed cut to 63 after a reattach: not lost', () => {
    const long = `w${'1'.repeat(61)}`;
    const c = chain();
    c.instances = c.instances.map((i) => (i.name === 'w1' ? { ...i, name: long } : i));
    const s = matching();
    s.instances[0] = inst(long);
    // The switch keeps 63 bytes of a port's name: "NAME:" for both ports once handed back.
    s.ports = [ring('vale0', `${long}:`, 0), ring('vale1', `${long}:1`, 1), ...nicPorts];
    expect(planChain(c, s)).toEqual([]);
    s.ports = [ring('vale0', `${long}:`, 0), ...nicPorts];
    expect(planChain(c, s).map((x) => x.kind)).toEqual(['restart']);
  });

  it('wanted stopped: stopped', () => {
    const s = matching();
    s.instances[1] = inst('w2', {
      labels: { chain: 'c1', 'chain.position': '1' },
      ports: [],
      desired: 'suspended',
      running: true,
      suspended: true,
      config: { text: 'Idle -> Discard;', definitions: {} },
    });
    const changes = planChain(chain(), s);
    expect(changes.map((c) => [c.kind, 'instance' in c && c.instance])).toEqual([['stop', 'w2']]);
    expect(changes[0]?.summary).toBe('wanted stopped (it is suspended)');
  });
});

describe('planChain: TAP ports and static entries of NIC and TAP ports', () => {
  const file = `chain: c3
switches:
  - name: s0
    nics: [veth0]
    taps: [tap0]
    static:
      - {mac: "02:00:00:00:00:10", port: veth0}
      - {mac: "02:00:00:00:00:11", port: tap0}
`;
  const c3 = () => resolveChain(parseChain(file, 'c3.yaml', dir), undefined);
  const M10 = '02:00:00:00:00:10';
  const M11 = '02:00:00:00:00:11';
  const ports = () => [
    { port: 3, switch: 's0', kind: 'packet', name: 'veth0' },
    { port: 4, switch: 's0', kind: 'tap', name: 'tap0' },
  ];
  const entry = (mac: string, port: number, isStatic = true) => ({ mac, port, static: isStatic });
  const state = (over: Partial<CurrentState> = {}): CurrentState => ({
    instances: [],
    ports: ports(),
    tables: { s0: [entry(M10, 3), entry(M11, 4), entry('02:00:00:00:00:99', 3, false)] },
    ...over,
  });
  const kinds = (changes: ReturnType<typeof planChain>) =>
    changes.map((c) => [c.kind, 'mac' in c ? `${c.mac}>${c.ifname}` : 'ifname' in c ? c.ifname : '']);

  it('from nothing (or after a switch restart): attach both, then their entries', () => {
    const changes = planChain(c3(), { instances: [], ports: [], tables: {} });
    expect(kinds(changes)).toEqual([
      ['nic-attach', 'veth0'],
      ['tap-attach', 'tap0'],
      ['mac-add', `${M10}>veth0`],
      ['mac-add', `${M11}>tap0`],
    ]);
    expect(changes.map(describeChange)).toEqual([
      '+ nic-attach veth0 on s0: AF_PACKET',
      '+ tap-attach tap0 on s0: a new TAP interface',
      `+ mac-add    ${M10} on s0: frames for it go out of veth0`,
      `+ mac-add    ${M11} on s0: frames for it go out of tap0`,
    ]);
  });

  it("nothing when the switch matches (learned entries are not the file's business)", () => {
    expect(planChain(c3(), state())).toEqual([]);
  });

  it('an entry on the wrong port moves; a static entry of a NIC not in the file is removed', () => {
    const s = state({ tables: { s0: [entry(M10, 4), entry(M11, 4), entry('02:00:00:00:00:12', 3)] } });
    const changes = planChain(c3(), s);
    expect(kinds(changes)).toEqual([
      ['mac-remove', '02:00:00:00:00:12>veth0'],
      ['mac-add', `${M10}>veth0`],
    ]);
    expect(changes[1]?.summary).toBe('moves from port tap0');
  });

  it('a TAP attached with other options: detached, attached again, its entry added again', () => {
    const s = state({ ports: ports().map((p) => (p.kind === 'tap' ? { ...p, busy: true } : p)) });
    expect(kinds(planChain(c3(), s))).toEqual([
      ['nic-detach', 'tap0'],
      ['tap-attach', 'tap0'],
      ['mac-add', `${M11}>tap0`],
    ]);
  });

  it('an interface port not in the file is detached; its entries go with it (no mac-remove)', () => {
    const s = state();
    s.ports?.push({ port: 5, switch: 's0', kind: 'tap', name: 'tap9' });
    s.tables?.s0?.push(entry('02:00:00:00:00:13', 5));
    expect(kinds(planChain(c3(), s))).toEqual([['nic-detach', 'tap9']]);
  });

  it('a recorded interface not in the file and not attached now is forgotten (port -1)', () => {
    const s = state({
      interfaces: [
        { switch: 's0', ifname: 'veth0' },
        { switch: 's0', ifname: 'tap0' },
        { switch: 's0', ifname: 'gone0' },
        { switch: 'other', ifname: 'theirs0' },
      ],
    });
    expect(planChain(c3(), s)).toEqual([
      {
        kind: 'nic-detach',
        switch: 's0',
        ifname: 'gone0',
        port: -1,
        summary: 'not in the file (recorded, not attached now: forgotten)',
      },
    ]);
  });

  // What the store keeps: both interfaces and both entries, as the switch holds them.
  const kept = (over: Partial<CurrentState> = {}) =>
    state({
      interfaces: [
        { switch: 's0', ifname: 'veth0' },
        { switch: 's0', ifname: 'tap0' },
      ],
      interfaceEntries: [
        { switch: 's0', mac: M10, ifname: 'veth0' },
        { switch: 's0', mac: M11, ifname: 'tap0' },
      ],
      ...over,
    });

  it('nothing when the store keeps what the switch holds', () => {
    expect(planChain(c3(), kept())).toEqual([]);
  });

  it('an interface attached but not kept in the store is attached again through it, with its entry', () => {
    const s = kept({ interfaces: [{ switch: 's0', ifname: 'veth0' }] });
    const changes = planChain(c3(), s);
    expect(kinds(changes)).toEqual([
      ['nic-detach', 'tap0'],
      ['tap-attach', 'tap0'],
      ['mac-add', `${M11}>tap0`],
    ]);
    expect(changes[0]?.summary).toBe('attached again, to be kept in the store');
  });

  it('an entry on the switch but not in the store is kept; one only in the store is removed', () => {
    const s = kept({
      interfaceEntries: [
        { switch: 's0', mac: M10, ifname: 'veth0' },
        { switch: 's0', mac: '02:00:00:00:00:14', ifname: 'tap0' },
      ],
    });
    const changes = planChain(c3(), s);
    expect(kinds(changes)).toEqual([
      ['mac-remove', '02:00:00:00:00:14>tap0'],
      ['mac-add', `${M11}>tap0`],
    ]);
    expect(changes[1]?.summary).toBe('on the switch, now kept in the store too');
  });

  it("refuses to take an entry of another chain's instance port", () => {
    const s = state({ tables: { s0: [entry(M10, 7), entry(M11, 4)] } });
    s.ports?.push({ port: 7, switch: 's0', kind: 'ring', name: 'x1:0' });
    expect(() => planChain(c3(), s)).toThrow(
      `MAC ${M10} is a static entry of switch s0 for port x1:0, which is not part of chain 'c3'`,
    );
  });
});

// Plugins against a real registry holding the repository's Wire plugin (no element package, so
// nothing is built); expectations from its manifest (middleboxes/wire/package.json).
describe('plugin instances', () => {
  const wireDir = join(import.meta.dirname, '..', '..', '..', '..', 'middleboxes', 'wire');
  const wireText = readFileSync(join(wireDir, 'configs', 'wire.click'), 'utf8');
  let store: Store;
  let registry: PluginRegistry;
  beforeAll(async () => {
    store = Store.open(join(dir, 'plugins.db'));
    registry = new PluginRegistry({ store, dir: join(dir, 'plugins') });
    await registry.install(wireDir);
  });
  afterAll(() => store?.close());

  const doc = (plugin: string, params: string) =>
    `chain: c4\ninstances:\n  - name: p1\n    plugin: ${plugin}\n    params: ${params}\n    labels: {role: x}\n`;
  const problems = (text: string, withRegistry = true) => {
    const d = readChain(text, 'c4.yaml', dir);
    try {
      resolveChain(d.chain, withRegistry ? registry : undefined);
    } catch (err) {
      const moved = d.relocate(err);
      if (moved instanceof ConfigError) return moved.diagnostics.map((x) => x.text);
      throw err;
    }
    throw new Error('no error');
  };

  it("resolves to the plugin's configuration, its parameters checked and defaults filled in", () => {
    const r = resolveChain(parseChain(doc('wire', '{BURST: 16}'), 'c4.yaml', dir), registry);
    expect(r.instances[0]).toMatchObject({
      name: 'p1',
      text: wireText,
      filename: 'wire/configs/wire.click',
      definitions: { IN: '0', OUT: '1', BURST: '16' },
      labels: { role: 'x', plugin: 'wire', 'plugin.version': '0.1.0', 'plugin.config': 'wire' },
    });
  });

  it('bad plugins and parameters: FILE:LINE:COL naming the instance and the parameter', () => {
    expect(problems(doc('nope', '{}'))).toEqual([
      "c4.yaml:4:13: instances.0.plugin: instance p1: no plugin named 'nope' is installed (installed: wire; cosmos plugin install PATH)",
    ]);
    expect(problems(doc('wire/fast', '{}'))).toEqual([
      "c4.yaml:4:13: instances.0.plugin: instance p1: plugin 'wire' has no configuration 'fast' (it has wire)",
    ]);
    expect(problems(doc('wire', '{IN: 2, BURST: 0, SPEED: 3}'))).toEqual([
      'c4.yaml:5:28: instances.0.params.BURST: instance p1: plugin wire/wire: invalid parameter BURST: 0 is below the minimum 1',
      'c4.yaml:5:38: instances.0.params.SPEED: instance p1: plugin wire/wire: unknown parameter SPEED (wire/wire takes IN, OUT, BURST)',
    ]);
    expect(problems(doc('wire', '{OUT: two}'), false)).toEqual([
      "c4.yaml:4:13: instances.0.plugin: instance p1: plugin 'wire' cannot be resolved here: no plugin registry",
    ]);
  });

  it('a changed parameter is an install, like a changed configuration', () => {
    const labels = { role: 'x', plugin: 'wire', 'plugin.version': '0.1.0', 'plugin.config': 'wire' };
    const have = inst('p1', {
      labels: { ...labels, chain: 'c4', 'chain.position': '0' },
      ports: [],
      config: { text: wireText, definitions: { IN: '0', OUT: '1', BURST: '32' } },
    });
    const plan = (params: string) =>
      planChain(resolveChain(parseChain(doc('wire', params), 'c4.yaml', dir), registry), {
        instances: [have],
        ports: [],
      });
    expect(plan('{}')).toEqual([]);
    expect(plan('{BURST: 32}')).toEqual([]);
    expect(plan('{BURST: 16}')).toEqual([
      {
        kind: 'install',
        instance: 'p1',
        summary:
          'parameters changed: BURST 32 -> 16 (installed: hot-swapped where the instance can take it, else restarted)',
      },
    ]);
  });
});
