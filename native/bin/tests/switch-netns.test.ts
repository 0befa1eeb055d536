// clickos-switch with NIC and TAP ports, end to end: two hosts in network namespaces this
// test creates, connected through veth pairs to one switch, ping each other through it; a
// capture on a port is read back by tcpdump. Needs root (CI is root); skips otherwise.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const switchBinary = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin', 'clickos-switch');
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

function control(request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
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

  it('creates a TAP port the host can use', async () => {
    const r = await control({ op: 'tap-attach', switch: 'vale1', ifname: `${tag}t0` });
    expect(r).toMatchObject({ ok: true });
    expect(sh('ip', ['link', 'show', `${tag}t0`])).toMatch(/UP/);
    expect(await control({ op: 'detach', port: r.port })).toEqual({ ok: true });
  });

  it('refuses bad interface requests clearly', async () => {
    expect(await control({ op: 'nic-attach', switch: 'vale0', ifname: 'nosuchif0' })).toEqual({
      ok: false,
      error: "nic-attach: no interface 'nosuchif0'",
    });
    expect(await control({ op: 'nic-attach', switch: 'vale0', ifname: `${tag}s0`, mode: 'xdp' })).toEqual({
      ok: false,
      error: 'nic-attach: AF_XDP ports are not built yet; use mode "packet"',
    });
  });
});
