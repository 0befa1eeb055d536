// The platform end to end, as an operator drives it with `cosmos`: two hosts in network
// namespaces joined to switches vale0 and vale1 as NIC ports, a chain of Wires between them
// described by a chain file, and what happens when things change or break. Expectations come
// from the topology (a ping crosses every Wire once each way; the filter of no-ping.click drops
// ICMP echo requests), from docs/chains.md and docs/cli.md, and from tcpdump, not from this code.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Cosmos,
  type Host,
  makeHost,
  ping,
  processOf,
  removeHost,
  repoRoot,
  sh,
  skipReason,
  until,
} from './harness.js';

const reason = skipReason();
if (reason) console.log(`skipping the end-to-end tests: ${reason}`);

const tag = (process.pid % 10000).toString(36);
const wire = join(repoRoot, 'examples', 'chain', 'wire.click');
const noPing = join(repoRoot, 'examples', 'chain', 'no-ping.click');

interface Info {
  name: string;
  status: string;
  configVersion: number;
}
interface Stats {
  instance: { pid?: number; state: string };
}

describe.skipIf(reason !== undefined)('the platform end to end', () => {
  const cosmos = new Cosmos();
  let h1: Host;
  let h2: Host;
  const file = (name: string, text: string) => {
    const path = join(cosmos.dir, name);
    writeFileSync(path, text);
    return path;
  };
  // n Wires between vale0 (h1) and vale1 (h2); `configs` overrides one instance's configuration.
  const chainFile = (name: string, n: number, configs: Record<number, string> = {}) => {
    const sw = (i: number) => (i === 0 ? `${tag}v0` : i === n ? `${tag}v1` : `${tag}l${i}`);
    const instances = Array.from({ length: n }, (_, i) =>
      [
        `  - name: ${tag}-w${i + 1}`,
        `    config: ${configs[i + 1] ?? wire}`,
        `    ports: [${sw(i)}, ${sw(i + 1)}]`,
      ].join('\n'),
    );
    return file(
      name,
      `chain: ${tag}\nswitches:\n  - name: ${tag}v0\n    nics: [${h1.outer}]\n  - name: ${tag}v1\n    nics: [${h2.outer}]\ninstances:\n${instances.join('\n')}\n`,
    );
  };
  const pids = async (names: string[]) =>
    Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, (await cosmos.json<Stats>(['stats', n])).instance.pid])),
    ) as Record<string, number>;
  const count = async (name: string, handler: string) =>
    Number((await cosmos.run(['read', name, handler])).stdout);
  const names3 = [1, 2, 3].map((i) => `${tag}-w${i}`);

  beforeAll(async () => {
    h1 = await makeHost(tag, 1, 77);
    h2 = await makeHost(tag, 2, 77);
  });
  afterAll(async () => {
    await cosmos.close();
    if (h1) await removeHost(h1);
    if (h2) await removeHost(h2);
  });

  it('ping and ARP through one Wire applied from a chain file', async () => {
    const one = chainFile('one.yaml', 1);
    const r = await cosmos.run(['apply', one]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('made 3 changes');
    expect(await ping(h1, h2, 3)).toBe(3);
    // h1 learned h2's address by ARP, through the Wire.
    const neigh = await sh('ip', ['-n', h1.ns, 'neigh', 'show', h2.ip]);
    expect(neigh.stdout).toContain(h2.mac);
    // Three echo requests (and at least one ARP request) went forward, three replies back.
    expect(await count(`${tag}-w1`, 'fwd.count')).toBeGreaterThanOrEqual(4);
    expect(await count(`${tag}-w1`, 'back.count')).toBeGreaterThanOrEqual(3);
  });

  it('a 3-instance chain by apply: the Wire becomes three, traffic crosses all of them', async () => {
    const three = chainFile('three.yaml', 3);
    const diff = await cosmos.json<{ changes: Array<{ kind: string; instance?: string }> }>(['diff', three]);
    // w1's second port moves from vale1 to the first link: created again; w2, w3 are new.
    expect(diff.changes.map((c) => `${c.kind} ${c.instance}`)).toEqual([
      `recreate ${tag}-w1`,
      `create ${tag}-w2`,
      `create ${tag}-w3`,
    ]);
    expect((await cosmos.run(['apply', three])).code).toBe(0);
    expect(await ping(h1, h2, 5)).toBe(5);
    for (const n of names3) {
      expect(await count(n, 'fwd.count')).toBeGreaterThanOrEqual(5);
      expect(await count(n, 'back.count')).toBeGreaterThanOrEqual(5);
    }
    const again = await cosmos.run(['apply', three]);
    expect(again.stdout.trim()).toBe(`chain ${tag}: no changes`);
  });

  it('diff and re-apply with one changed instance: only it changes, by hot-swap', async () => {
    const before = await pids(names3);
    const fwdBefore = await count(`${tag}-w2`, 'fwd.count');
    const changed = chainFile('three-no-ping.yaml', 3, { 2: noPing });
    const diff = await cosmos.run(['diff', changed]);
    expect(diff.stdout.split('\n')[0]).toBe(`chain ${tag}: would make 1 change`);
    expect(diff.stdout).toMatch(new RegExp(`~ install +${tag}-w2: configuration changed`));
    expect((await cosmos.run(['apply', changed])).code).toBe(0);
    // Echo requests are dropped by w2's filter now: no answer, each one counted.
    expect(await ping(h1, h2, 3)).toBe(0);
    expect(await count(`${tag}-w2`, 'dropped.count')).toBe(3);
    // Same processes (hot-swap), and w2's Counter kept its count across the swap.
    expect(await pids(names3)).toEqual(before);
    expect(await count(`${tag}-w2`, 'fwd.count')).toBeGreaterThanOrEqual(fwdBefore + 3);
    const versions = Object.fromEntries(
      (await cosmos.json<{ instances: Info[] }>(['list'])).instances.map((i) => [i.name, i.configVersion]),
    );
    expect(versions).toEqual({ [`${tag}-w1`]: 1, [`${tag}-w2`]: 2, [`${tag}-w3`]: 1 });
    // Back to the plain Wire.
    expect((await cosmos.run(['apply', chainFile('three.yaml', 3)])).code).toBe(0);
    expect(await ping(h1, h2, 3)).toBe(3);
  });

  it('an instance that crashes is restarted by the daemon and traffic resumes', async () => {
    const { pid } = (await cosmos.json<Stats>(['stats', `${tag}-w2`])).instance;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGKILL');
    const next = await until('w2 running again', async () => {
      const s = (await cosmos.json<Stats>(['stats', `${tag}-w2`])).instance;
      return s.state === 'running' && s.pid !== pid ? s.pid : undefined;
    });
    expect(next).not.toBe(pid);
    // The switch may need a moment to forget where the old ports were: a few tries.
    const answered = await until('pings through the restarted w2', async () =>
      (await ping(h1, h2, 2)) > 0 ? true : undefined,
    );
    expect(answered).toBe(true);
    const events = await cosmos.json<{ events: Array<{ kind: string }> }>(['logs', `${tag}-w2`, '--events']);
    expect(events.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['crashed', 'restarted']));
  });

  it('a daemon restart loses nothing: same processes, counters going on, nothing to apply', async () => {
    const before = await pids(names3);
    const fwd = await count(`${tag}-w1`, 'fwd.count');
    expect((await cosmos.run(['daemon', 'stop'])).code).toBe(0);
    expect((await cosmos.run(['--no-autostart', 'list'])).code).toBe(5);
    // The next command starts the daemon again; it adopts the running instances.
    expect(await pids(names3)).toEqual(before);
    // The count went on from where it was (a restarted Wire would count from 0 again): not
    // necessarily equal, as a host's ARP probe may cross the Wire between the two reads.
    expect(fwd).toBeGreaterThanOrEqual(3);
    expect(await count(`${tag}-w1`, 'fwd.count')).toBeGreaterThanOrEqual(fwd);
    expect((await cosmos.run(['apply', chainFile('three.yaml', 3)])).stdout.trim()).toBe(
      `chain ${tag}: no changes`,
    );
    expect(await ping(h1, h2, 3)).toBe(3);
  });

  it('a switch restart: the daemon attaches the NIC ports again and hands the instances their ports back', async () => {
    const before = await pids(names3);
    // The switch the first daemon started (the one now running found it and uses it).
    const sw = processOf('clickos-switch', join(cosmos.state, 'switch.sock'));
    expect(sw).toBeGreaterThan(0);
    process.kill(sw as number, 'SIGKILL');
    // The daemon uses a switch it finds, or starts one: restart the daemon to get a new switch.
    await cosmos.run(['daemon', 'stop']);
    // The next command starts the daemon; it repairs the new switch by itself (the chain's NIC
    // ports are in the store, the instances give their ring ports back): nothing left to apply.
    await until('the repaired switch', async () => {
      const diff = await cosmos.json<{ changes: Array<{ kind: string }> }>([
        'diff',
        chainFile('three.yaml', 3),
      ]);
      return diff.changes.length === 0 ? true : undefined;
    });
    expect(await ping(h1, h2, 3)).toBe(3);
    // Same processes: no instance was restarted.
    expect(await pids(names3)).toEqual(before);
  });

  it('capture on a port, read by tcpdump', async () => {
    const ports = await cosmos.json<{ ports: Array<{ port: number; name: string }> }>(['switch', 'ports']);
    const port = ports.ports.find((p) => p.name === `${tag}-w1:0`)?.port;
    expect(port).toBeDefined();
    const pcap = join(cosmos.dir, 'w1.pcap');
    expect((await cosmos.run(['switch', 'capture', String(port), pcap])).code).toBe(0);
    expect(await ping(h1, h2, 3)).toBe(3);
    expect((await cosmos.run(['switch', 'capture', String(port), '--stop'])).code).toBe(0);
    const dump = await sh('tcpdump', ['-nn', '-r', pcap, 'icmp']);
    expect(dump.code).toBe(0);
    const requests = dump.stdout
      .split('\n')
      .filter((l) => l.includes(`${h1.ip} > ${h2.ip}: ICMP echo request`));
    const replies = dump.stdout.split('\n').filter((l) => l.includes(`${h2.ip} > ${h1.ip}: ICMP echo reply`));
    expect(requests).toHaveLength(3);
    expect(replies).toHaveLength(3);
  });

  describe('bad input: clear errors, running instances untouched', () => {
    let before: Record<string, number>;
    let versions: number[];
    const configVersions = async () =>
      (await cosmos.json<{ instances: Info[] }>(['list'])).instances.map((i) => i.configVersion);
    beforeAll(async () => {
      before = await pids(names3);
      versions = await configVersions();
    });
    afterAll(async () => {
      expect(await pids(names3)).toEqual(before);
      expect(await ping(h1, h2, 2)).toBe(2);
    });

    it('a configuration with an unknown element: file:line:col, exit 1, nothing changes', async () => {
      file('bad.click', 'FromNetfront(0) -> Frobnicate -> ToNetfront(1);\n');
      const r = await cosmos.run(['apply', chainFile('bad.yaml', 3, { 3: 'bad.click' })]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(/^bad\.click:1:20: unknown element class 'Frobnicate'/);
      // w2 ran wire.click (1), no-ping.click (2), wire.click (3); nothing was stored now.
      expect(versions).toEqual([1, 3, 1]);
      expect(await configVersions()).toEqual(versions);
    });

    it('a bad chain file: file:line:col and the field, exit 1', async () => {
      const bad = file(
        'bad-field.yaml',
        `chain: ${tag}\ninstances:\n  - name: x\n    text: "Idle -> Discard;"\n    ports: [{switch: a, slots: 3}]\n`,
      );
      const r = await cosmos.run(['apply', basename(bad)]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        'bad-field.yaml:5:32: instances.0.ports.0.slots: slots must be a power of two from 64 to 2048',
      );
    });

    it('bad command lines: exit 2 or 3, one line', async () => {
      const none = await cosmos.run(['apply']);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain("missing required argument 'file'");
      const missing = await cosmos.run(['diff', 'nowhere.yaml']);
      expect(missing.code).toBe(3);
      expect(missing.stderr.trim()).toMatch(/^error: cannot read 'nowhere.yaml'/);
    });

    it('malformed API bodies: 400 naming the field', async () => {
      const broken = await cosmos.http('PUT', `/v1/chains/${tag}`, '{"chain": ');
      expect(broken.status).toBe(400);
      expect(broken.json.error).toBe('USAGE');
      const wrong = await cosmos.http(
        'PUT',
        `/v1/chains/${tag}`,
        JSON.stringify({ chain: tag, instances: [{ name: 'x' }] }),
      );
      expect(wrong.status).toBe(400);
      expect(String(wrong.json.detail)).toContain(
        'body.instances.0: give exactly one of text (the configuration) or plugin',
      );
      const other = await cosmos.http('PUT', '/v1/chains/other', JSON.stringify({ chain: tag }));
      expect(other.status).toBe(400);
      expect(String(other.json.detail)).toContain("the document is chain '");
    });

    it('a wrong token on the TCP listener: refused in one line, exit 2, before anything is read', async () => {
      const tcp = new Cosmos();
      try {
        writeFileSync(join(tcp.dir, 'token'), 'right-token-0123456789\n');
        writeFileSync(join(tcp.dir, 'wrong'), 'wrong-token-0123456789\n');
        const started = await tcp.json<{ tcp?: { port: number } }>([
          'daemon',
          'start',
          '--no-switch',
          '--tcp',
          '127.0.0.1:0',
          '--token-file',
          'token',
        ]);
        const url = `http://127.0.0.1:${started.tcp?.port}`;
        const r = await tcp.run(['--url', url, '--token-file', 'wrong', 'apply', chainFile('three.yaml', 3)]);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('wrong bearer token');
        expect((await tcp.json<{ instances: Info[] }>(['list'])).instances).toEqual([]);
      } finally {
        await tcp.close();
      }
    });

    it('taking over an instance of another chain: conflict, exit 4', async () => {
      const r = await cosmos.run([
        'apply',
        file('thief.yaml', `chain: thief\ninstances:\n  - name: ${tag}-w1\n    config: ${wire}\n`),
      ]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`belongs to chain '${tag}'`);
    });
  });

  it('apply --delete removes the chain: its instances and its NIC ports', async () => {
    const r = await cosmos.run(['apply', '--delete', chainFile('three.yaml', 3)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('made 5 changes');
    expect((await cosmos.json<{ instances: Info[] }>(['list'])).instances).toEqual([]);
    const ports = await cosmos.json<{ ports: Array<{ name: string }> }>(['switch', 'ports']);
    expect(ports.ports.map((p) => p.name)).not.toContain(h1.outer);
    expect(await ping(h1, h2, 1)).toBe(0);
  });
});
