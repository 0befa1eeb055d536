// clickos-switch with NIC and TAP ports, end to end: two hosts in network namespaces this
// test creates, connected through veth pairs to one switch, ping each other through it, over
// AF_PACKET and over AF_XDP ports; a capture on a port is read back by tcpdump. Needs root
// (CI is root); skips otherwise.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const switchBinary = join(
  process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'),
  'bin',
  'clickos-switch',
);
const pktgenBinary = join(dirname(switchBinary), 'clickos-pktgen');
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const canRun = isRoot && hasIp && existsSync('/dev/net/tun');
if (!canRun) console.log('switch-netns: skipped (needs root, iproute2 and /dev/net/tun)');

const tag = `cs${process.pid % 100000}`;
const ns = [`${tag}a`, `${tag}b`];
const socket = `/tmp/clickos-switch-netns-${process.pid}.sock`;
const capture = `/tmp/clickos-switch-netns-${process.pid}.pcap`;
let switchProcess: ReturnType<typeof spawn> | undefined;

function sh(cmd: string, args: string[]) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Attaches a fresh veth end as a NIC port, deletes the interface, and waits (up to 5 s) for
// the switch to let the port go; returns whether it did.
async function portGoesWithItsInterface(mode: string, ifname: string, path: string): Promise<boolean> {
  sh('ip', ['link', 'add', ifname, 'type', 'veth', 'peer', 'name', `${ifname}p`]);
  sh('ip', ['link', 'set', ifname, 'up']);
  const r = await control({ op: 'nic-attach', switch: 'gone', ifname, mode }, path);
  if (!r.ok) throw new Error(String(r.error));
  sh('ip', ['link', 'del', ifname]);
  for (let i = 0; i < 50; i++) {
    const ports = (await control({ op: 'ports', switch: 'gone' }, path)).ports as unknown[] | undefined;
    if (ports && ports.length === 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function control(request: object, path = socket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const c = connect(path);
    let data = '';
    c.on('data', (d) => {
      data += d;
      if (data.includes('\n')) {
        c.end();
        resolve(JSON.parse(data.split('\n')[0] ?? '{}'));
      }
    });
    c.on('error', reject);
    c.write(`${JSON.stringify(request)}\n`);
  });
}

describe.skipIf(!canRun)('clickos-switch between network namespaces', () => {
  beforeAll(async () => {
    for (const [i, n] of ns.entries()) {
      sh('ip', ['netns', 'add', n]);
      sh('ip', ['link', 'add', `${tag}h${i}`, 'type', 'veth', 'peer', 'name', `${tag}s${i}`]);
      sh('ip', ['link', 'set', `${tag}h${i}`, 'netns', n]);
      sh('ip', ['-n', n, 'addr', 'add', `10.201.${process.pid % 200}.${i + 1}/24`, 'dev', `${tag}h${i}`]);
      sh('ip', ['-n', n, 'link', 'set', `${tag}h${i}`, 'up']);
      sh('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
      sh('ip', ['link', 'set', `${tag}s${i}`, 'up']);
    }
    switchProcess = spawn(switchBinary, ['--socket', socket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
  });

  afterAll(() => {
    switchProcess?.kill('SIGTERM');
    spawnSync('ip', ['link', 'del', `${tag}g`]);
    for (const [i, n] of ns.entries()) {
      spawnSync('ip', ['link', 'del', `${tag}s${i}`]);
      spawnSync('ip', ['netns', 'del', n]);
    }
    rmSync(socket, { force: true });
    rmSync(capture, { force: true });
  });

  it('forwards ping and ARP between two NIC ports, and captures a port', async () => {
    const a = await control({ op: 'nic-attach', switch: 'vale0', ifname: `${tag}s0` });
    const b = await control({ op: 'nic-attach', switch: 'vale0', ifname: `${tag}s1` });
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(await control({ op: 'capture', port: b.port, file: capture })).toEqual({ ok: true });
    const peer = `10.201.${process.pid % 200}.2`;
    const ping = spawnSync(
      'ip',
      ['netns', 'exec', ns[0] as string, 'ping', '-c', '3', '-i', '0.2', '-W', '2', peer],
      {
        encoding: 'utf8',
        timeout: 20000,
      },
    );
    expect(ping.stdout).toContain('3 received');
    const ports = await control({ op: 'ports', switch: 'vale0' });
    const list = ports.ports as Array<{ port: number; rx_packets: number; kind: string }>;
    expect(list.map((p) => p.kind)).toEqual(['packet', 'packet']);
    expect(list.every((p) => p.rx_packets >= 4)).toBe(true); // ARP and three echoes each way
    expect(await control({ op: 'capture-stop', port: b.port })).toMatchObject({ ok: true });
    const dump = spawnSync('tcpdump', ['-nr', capture], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/ICMP echo request/);
    expect(dump.stdout).toMatch(/ARP, Request who-has/);
  });

  it('forwards a lone frame on an idle NIC port at once, not after a batching timeout', async () => {
    // Ports attached by the test before. Echoes 50 ms apart: each request and each reply is a
    // lone frame on an idle port. A receive ring that hands frames over per block held each
    // for its 1 ms timeout at every hop (over 1 ms per round trip; direct veth is ~0.05 ms
    // here, through the switch ~0.13 ms): most round trips must stay well below that.
    const peer = `10.201.${process.pid % 200}.2`;
    const before = (await control({ op: 'ports', switch: 'vale0' })).ports as Array<{
      rx_packets: number;
      bad_frames: number;
    }>;
    const ping = spawnSync(
      'ip',
      ['netns', 'exec', ns[0] as string, 'ping', '-c', '20', '-i', '0.05', '-W', '2', peer],
      { encoding: 'utf8', timeout: 30000 },
    );
    expect(ping.stdout).toContain('20 received');
    const rtts = [...ping.stdout.matchAll(/time=([0-9.]+) ms/g)].map((m) => Number(m[1]));
    expect(rtts).toHaveLength(20);
    expect(rtts.filter((t) => t < 0.9).length).toBeGreaterThanOrEqual(10);
    const after = (await control({ op: 'ports', switch: 'vale0' })).ports as typeof before;
    for (const [i, p] of after.entries()) {
      expect(p.rx_packets - (before[i]?.rx_packets ?? 0)).toBeGreaterThanOrEqual(20);
      expect(p.bad_frames).toBe(0);
    }
  });

  it('drops frames longer than a NIC port interface takes, counting them, and sends the others', async () => {
    // A ring port (pktgen) floods 3 frames of 1600 bytes and 2 of 100 to a NIC port on a veth
    // with MTU 1500: the long ones are refused before they reach the transmit ring.
    const nic = `${tag}j`;
    const peer = `${tag}k`;
    sh('ip', ['link', 'add', nic, 'type', 'veth', 'peer', 'name', peer]);
    for (const i of [nic, peer]) {
      sh('sysctl', ['-qw', `net.ipv6.conf.${i}.disable_ipv6=1`]);
      sh('ip', ['link', 'set', i, 'up']);
    }
    try {
      const r = await control({ op: 'nic-attach', switch: 'long', ifname: nic });
      expect(r).toMatchObject({ ok: true });
      const received = () =>
        (JSON.parse(sh('ip', ['-j', '-s', 'link', 'show', peer]))[0].stats64.rx.packets as number) ?? 0;
      const before = received();
      for (const [size, count] of [
        [1600, 3],
        [100, 2],
      ]) {
        const tx = spawnSync(
          pktgenBinary,
          [
            '--switch',
            'long',
            '--socket',
            socket,
            '--mode',
            'tx',
            '--size',
            String(size),
            '--count',
            String(count),
          ],
          { encoding: 'utf8', timeout: 20000 },
        );
        expect(tx.status).toBe(0);
      }
      await new Promise((r) => setTimeout(r, 300));
      const ports = (await control({ op: 'ports', switch: 'long' })).ports as Array<{
        kind: string;
        tx_packets: number;
        tx_drops: number;
      }>;
      const port = ports.find((p) => p.kind === 'packet');
      expect(port).toMatchObject({ tx_packets: 2, tx_drops: 3 });
      expect(received() - before).toBe(2);
      expect(await control({ op: 'detach', port: r.port })).toEqual({ ok: true });
    } finally {
      spawnSync('ip', ['link', 'del', nic]);
    }
  });

  it('counts the frames the kernel dropped while the switch could not take them', async () => {
    // The switch is stopped while 5000 frames arrive: its AF_PACKET receive ring takes 4096
    // (8 MiB of 2 KiB slots at MTU 1500, docs/switch.md), the kernel drops the rest.
    const nic = `${tag}m`;
    const peer = `${tag}n`;
    sh('ip', ['link', 'add', nic, 'type', 'veth', 'peer', 'name', peer]);
    for (const i of [nic, peer]) {
      sh('sysctl', ['-qw', `net.ipv6.conf.${i}.disable_ipv6=1`]);
      sh('ip', ['link', 'set', i, 'up']);
    }
    try {
      const r = await control({ op: 'nic-attach', switch: 'stopped', ifname: nic });
      expect(r).toMatchObject({ ok: true });
      const delivered = () =>
        (JSON.parse(sh('ip', ['-j', '-s', 'link', 'show', nic]))[0].stats64.rx.packets as number) ?? 0;
      const before = delivered();
      switchProcess?.kill('SIGSTOP');
      try {
        const tx = spawnSync(
          pktgenBinary,
          ['--ifname', peer, '--mode', 'tx', '--count', '5000', '--dst-mac', '02:00:00:00:00:55'],
          { encoding: 'utf8', timeout: 20000 },
        );
        expect(tx.status).toBe(0);
      } finally {
        switchProcess?.kill('SIGCONT');
      }
      const arrived = delivered() - before;
      expect(arrived).toBeGreaterThanOrEqual(5000);
      await new Promise((r) => setTimeout(r, 300));
      const ports = (await control({ op: 'ports', switch: 'stopped' })).ports as Array<{
        rx_packets: number;
        rx_drops: number;
      }>;
      expect(ports[0]?.rx_packets).toBe(4096);
      expect(ports[0]?.rx_drops).toBe(arrived - 4096);
      expect(await control({ op: 'detach', port: r.port })).toEqual({ ok: true });
    } finally {
      spawnSync('ip', ['link', 'del', nic]);
    }
  });

  it('creates a TAP port the host can use', async () => {
    const r = await control({ op: 'tap-attach', switch: 'vale1', ifname: `${tag}t0` });
    expect(r).toMatchObject({ ok: true });
    expect(sh('ip', ['link', 'show', `${tag}t0`])).toMatch(/UP/);
    expect(await control({ op: 'detach', port: r.port })).toEqual({ ok: true });
  });

  it('lets a NIC port go when its interface is deleted', async () => {
    expect(await portGoesWithItsInterface('packet', `${tag}g`, socket)).toBe(true);
  });

  it('refuses bad interface requests clearly', async () => {
    expect(await control({ op: 'nic-attach', switch: 'vale0', ifname: 'nosuchif0' })).toEqual({
      ok: false,
      error: "nic-attach: no interface 'nosuchif0'",
    });
    expect(await control({ op: 'nic-attach', switch: 'vale0', ifname: `${tag}s0`, mode: 'netmap' })).toEqual({
      ok: false,
      error: "nic-attach: unknown mode 'netmap' (packet or xdp)",
    });
    expect(await control({ op: 'nic-attach', switch: 'vale0', ifname: `${tag}s0`, busy: 'yes' })).toEqual({
      ok: false,
      error: 'nic-attach: "busy" must be true or false',
    });
  });
});

// AF_XDP ports on their own namespaces, veth pairs and switch process, so that the switch's
// exit can be seen to take the XDP program along.
const hasXdp = canRun && existsSync('/usr/lib/x86_64-linux-gnu/bpf/xsk_def_xdp_prog.o');
if (canRun && !hasXdp) console.log('switch-netns: AF_XDP part skipped (libxdp1 is not installed)');

describe.skipIf(!hasXdp)('clickos-switch with AF_XDP ports between network namespaces', () => {
  const xsocket = `/tmp/clickos-switch-netns-xdp-${process.pid}.sock`;
  const xcapture = `/tmp/clickos-switch-netns-xdp-${process.pid}.pcap`;
  const subnet = `10.202.${process.pid % 200}`;
  let xswitch: ReturnType<typeof spawn> | undefined;
  const xns = [`${tag}c`, `${tag}d`];
  const hostSide = (i: number) => `${tag}x${i}`;
  const xdpProgram = (ifname: string) => /prog\/xdp|\bxdp\b/.test(sh('ip', ['link', 'show', ifname]));

  beforeAll(async () => {
    for (const [i, n] of xns.entries()) {
      sh('ip', ['netns', 'add', n]);
      sh('ip', ['link', 'add', `${tag}y${i}`, 'type', 'veth', 'peer', 'name', hostSide(i)]);
      sh('ip', ['link', 'set', `${tag}y${i}`, 'netns', n]);
      sh('ip', ['-n', n, 'addr', 'add', `${subnet}.${i + 1}/24`, 'dev', `${tag}y${i}`]);
      sh('ip', ['-n', n, 'link', 'set', `${tag}y${i}`, 'up']);
      sh('ip', ['link', 'set', hostSide(i), 'up']);
    }
    xswitch = spawn(switchBinary, ['--socket', xsocket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(xsocket); i++) await new Promise((r) => setTimeout(r, 20));
  });

  afterAll(() => {
    xswitch?.kill('SIGKILL');
    spawnSync('ip', ['link', 'del', `${tag}g`]);
    for (const [i, n] of xns.entries()) {
      spawnSync('ip', ['link', 'del', hostSide(i)]);
      spawnSync('ip', ['netns', 'del', n]);
    }
    rmSync(xsocket, { force: true });
    rmSync(xcapture, { force: true });
  });

  it('refuses zero-copy on veth when it is required, leaving no XDP program behind', async () => {
    // veth offers no AF_XDP zero-copy (MACHINE-NOTES: EOPNOTSUPP in every mode).
    const r = await control(
      { op: 'nic-attach', switch: 'vale2', ifname: hostSide(0), mode: 'xdp', zerocopy: true },
      xsocket,
    );
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(
      /^nic-attach: AF_XDP on .*zero-copy, native XDP refused: .*\(zero-copy was required\)$/,
    );
    expect(xdpProgram(hostSide(0))).toBe(false);
    expect(
      await control(
        { op: 'nic-attach', switch: 'vale2', ifname: hostSide(0), mode: 'xdp', zerocopy: 1 },
        xsocket,
      ),
    ).toEqual({ ok: false, error: 'nic-attach: "zerocopy" must be true or false' });
  });

  it('lets an AF_XDP port go when its interface is deleted', async () => {
    expect(await portGoesWithItsInterface('xdp', `${tag}g`, xsocket)).toBe(true);
  });

  it('takes frames longer than 1792 bytes on AF_XDP ports when the MTU needs them (4 KiB chunks)', async () => {
    // MTU 3000 on both veth pairs: pings of 2900 bytes are frames of 2942 bytes, more than a
    // 2 KiB umem chunk holds after the kernel's 256 bytes of headroom.
    const ends = [0, 1].flatMap((i) => [
      ['ip', 'link', 'set', hostSide(i), 'mtu'],
      ['ip', '-n', xns[i] as string, 'link', 'set', `${tag}y${i}`, 'mtu'],
    ]);
    for (const e of ends) sh(e[0] as string, [...e.slice(1), '3000']);
    try {
      const a = await control(
        { op: 'nic-attach', switch: 'jumbo', ifname: hostSide(0), mode: 'xdp' },
        xsocket,
      );
      const b = await control(
        { op: 'nic-attach', switch: 'jumbo', ifname: hostSide(1), mode: 'xdp' },
        xsocket,
      );
      expect(a).toMatchObject({ ok: true });
      expect(b).toMatchObject({ ok: true });
      const ping = spawnSync(
        'ip',
        [
          'netns',
          'exec',
          xns[0] as string,
          'ping',
          '-c',
          '3',
          '-i',
          '0.2',
          '-W',
          '2',
          '-s',
          '2900',
          `${subnet}.2`,
        ],
        { encoding: 'utf8', timeout: 20000 },
      );
      expect(ping.stdout).toContain('3 received');
      const ports = (await control({ op: 'ports', switch: 'jumbo' }, xsocket)).ports as Array<{
        info: string;
      }>;
      for (const p of ports) expect(p.info).toMatch(/, frames up to 3840 bytes/);
      expect(await control({ op: 'detach', port: a.port }, xsocket)).toEqual({ ok: true });
      expect(await control({ op: 'detach', port: b.port }, xsocket)).toEqual({ ok: true });
    } finally {
      for (const e of ends) sh(e[0] as string, [...e.slice(1), '1500']);
      // The next test sees the ARP exchange again.
      for (const n of xns) sh('ip', ['-n', n, 'neigh', 'flush', 'all']);
    }
  });

  it('forwards ping and ARP between two AF_XDP ports (one busy-polled), copy mode on veth', async () => {
    const a = await control({ op: 'nic-attach', switch: 'vale2', ifname: hostSide(0), mode: 'xdp' }, xsocket);
    const b = await control(
      { op: 'nic-attach', switch: 'vale2', ifname: hostSide(1), mode: 'xdp', busy: true },
      xsocket,
    );
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(xdpProgram(hostSide(0))).toBe(true);
    expect(
      await control({ op: 'nic-attach', switch: 'vale2', ifname: hostSide(0), mode: 'xdp' }, xsocket),
    ).toEqual({
      ok: false,
      error: `nic-attach: interface '${hostSide(0)}' is already port ${a.port} of switch 'vale2'`,
    });
    expect(await control({ op: 'capture', port: b.port, file: xcapture }, xsocket)).toEqual({ ok: true });
    const ping = spawnSync(
      'ip',
      ['netns', 'exec', xns[0] as string, 'ping', '-c', '3', '-i', '0.2', '-W', '2', `${subnet}.2`],
      { encoding: 'utf8', timeout: 20000 },
    );
    expect(ping.stdout).toContain('3 received');
    const ports = await control({ op: 'ports', switch: 'vale2' }, xsocket);
    const list = ports.ports as Array<{
      port: number;
      kind: string;
      rx_packets: number;
      busy: boolean;
      sleeps: number;
      wakeups: number;
      info: string;
    }>;
    expect(list.map((p) => p.kind)).toEqual(['xdp', 'xdp']);
    for (const p of list) {
      expect(p.rx_packets).toBeGreaterThanOrEqual(4); // ARP and three echoes each way
      expect(p.info).toMatch(/^AF_XDP copy mode, (native|generic) XDP, \d+ queues?/);
      expect(p.info).toMatch(/zero-copy, native XDP refused/);
      expect(p.info).toMatch(/, frames up to 1792 bytes/); // MTU 1500: 2 KiB chunks
    }
    const [pa, pb] = list;
    expect(pa?.busy).toBe(false);
    expect(pa?.sleeps).toBeGreaterThan(0); // the sleeping port slept between the pings
    expect(pa?.wakeups).toBeGreaterThan(0);
    expect(pb?.busy).toBe(true);
    expect(pb?.sleeps).toBe(0); // the busy one never did
    expect(pb?.wakeups).toBe(0);
    expect(await control({ op: 'capture-stop', port: b.port }, xsocket)).toMatchObject({ ok: true });
    const dump = spawnSync('tcpdump', ['-nr', xcapture], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/ICMP echo request/);
    expect(dump.stdout).toMatch(/ARP, Request who-has/);

    // Detaching takes the XDP program off the interface; the switch's exit takes the other.
    expect(await control({ op: 'detach', port: a.port }, xsocket)).toEqual({ ok: true });
    expect(xdpProgram(hostSide(0))).toBe(false);
    expect(xdpProgram(hostSide(1))).toBe(true);
    const exited = new Promise((r) => xswitch?.once('exit', r));
    xswitch?.kill('SIGTERM');
    await exited;
    xswitch = undefined;
    expect(xdpProgram(hostSide(1))).toBe(false);
  });
});
