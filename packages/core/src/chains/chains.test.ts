// The chain file's checks (every error at file:line:col, naming the field's path) and the
// planner, a pure function: expected changes are written by hand from the states given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseChain } from './load.js';
import { type CurrentInstance, type CurrentState, describeChange, planChain } from './plan.js';

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
  ])('%j: %s', (text, expected) => {
    const all = errors(text);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]?.startsWith(expected)).toBe(true);
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
const chain = () => parseChain(good, 'c.yaml', dir);
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
    expect(changes.map((c) => c.kind)).toEqual(['recreate', 'relabel', 'stop']);
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
