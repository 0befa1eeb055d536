// FromDevice/ToDevice under clickos-run, and clickos-pktgen --ifname, over AF_PACKET on a veth
// pair between two network namespaces this test creates. IPv6 is off in both, and the side
// running Click has no address, so the only frames on the wire are the ones the test sends:
// every count below is derived from what the test sends. Needs root; skips otherwise.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin');
const isRoot = process.getuid?.() === 0;
const hasTools = ['ip', 'ping', 'python3'].every((t) => spawnSync(t, ['-V']).error === undefined);
const canRun = isRoot && hasTools && existsSync(join(bin, 'clickos-run'));
if (!canRun)
  console.log('device-netns: skipped (needs root, iproute2, ping, python3 and a built clickos-run)');

const tag = `cd${process.pid % 100000}`;
const nsA = `${tag}a`; // runs clickos-run (FromDevice/ToDevice on ifA)
const nsB = `${tag}b`; // the peer host (ifB, address .2)
const ifA = `${tag}va`;
const ifB = `${tag}vb`;
const net = `10.202.${process.pid % 200}`;
const clickMac = '02:00:00:00:aa:01';
const peerMac = '02:00:00:00:bb:02';
const zeros = '00'.repeat(46); // pads the test's own frames to 60 bytes

function sh(cmd: string, args: string[]) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
}

type Finished = { code: number | null; stdout: string; stderr: string };

// clickos-run in nsA; resolves `ready` once the configuration printed "ready".
function startClick(config: string, handlers: string[]) {
  const args = [
    'netns',
    'exec',
    nsA,
    join(bin, 'clickos-run'),
    '-e',
    config,
    ...handlers.flatMap((h) => ['-h', h]),
  ];
  const p: ChildProcess = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  p.stdout?.on('data', (d) => {
    stdout += d;
    if (stdout.includes('ready\n')) markReady();
  });
  p.stderr?.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => p.kill('SIGKILL'), 20000); // bounded, whatever happens
  const done = new Promise<Finished>((resolve) => {
    p.on('close', (code) => {
      clearTimeout(timer);
      markReady();
      resolve({ code, stdout, stderr });
    });
  });
  return { process: p, ready, done };
}

// "name:\nvalue\n\n" blocks as clickos-run prints several handlers.
function handlerValues(stdout: string) {
  const values: Record<string, string> = {};
  const re = /^([\w@/.]+):\n(.*)\n/gm;
  for (let m = re.exec(stdout); m; m = re.exec(stdout)) values[m[1] as string] = m[2] as string;
  return values;
}

function pktgen(ns: string, args: string[]) {
  return new Promise<Record<string, number> | null>((resolve) => {
    const p = spawn('ip', ['netns', 'exec', ns, join(bin, 'clickos-pktgen'), ...args, '--quiet', '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), 20000);
    p.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        resolve(null);
      }
    });
  });
}

// Sends exact frames from nsB with a raw socket: ARP requests, IPv4/UDP frames and frames
// of an experimental EtherType (0x88b5).
function sendFrames(arp: number, ipv4: number, other: number) {
  const script = `
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((${JSON.stringify(ifB)}, 0))
mac = bytes.fromhex(${JSON.stringify(peerMac.replaceAll(':', ''))})
bcast = b'\\xff' * 6
me = socket.inet_aton(${JSON.stringify(`${net}.2`)})
def csum(b):
    t = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while t >> 16: t = (t & 0xffff) + (t >> 16)
    return (~t) & 0xffff
def pad(f): return f + b'\\0' * (60 - len(f))
arp = pad(bcast + mac + b'\\x08\\x06' + struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + mac + me + b'\\0' * 6 + socket.inet_aton(${JSON.stringify(`${net}.9`)}))
udp = struct.pack('!HHHH', 1024, 9, 8 + 10, 0) + b'x' * 10
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, me, socket.inet_aton(${JSON.stringify(`${net}.1`)}))
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
ipv4 = pad(bcast + mac + b'\\x08\\x00' + ip + udp)
other = pad(bcast + mac + b'\\x88\\xb5' + b'test')
for f, n in ((arp, ${arp}), (ipv4, ${ipv4}), (other, ${other})):
    for _ in range(n): s.send(f)
`;
  sh('ip', ['netns', 'exec', nsB, 'python3', '-c', script]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!canRun)('FromDevice, ToDevice and pktgen --ifname on a veth pair', () => {
  beforeAll(() => {
    sh('ip', ['netns', 'add', nsA]);
    sh('ip', ['netns', 'add', nsB]);
    sh('ip', ['link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB]);
    sh('ip', ['link', 'set', ifA, 'netns', nsA]);
    sh('ip', ['link', 'set', ifB, 'netns', nsB]);
    for (const ns of [nsA, nsB])
      sh('ip', [
        'netns',
        'exec',
        ns,
        'sysctl',
        '-qw',
        'net.ipv6.conf.all.disable_ipv6=1',
        'net.ipv6.conf.default.disable_ipv6=1',
      ]);
    sh('ip', ['-n', nsB, 'link', 'set', ifB, 'address', peerMac]);
    sh('ip', ['-n', nsA, 'link', 'set', ifA, 'up']);
    sh('ip', ['-n', nsB, 'link', 'set', ifB, 'up']);
    sh('ip', ['-n', nsB, 'addr', 'add', `${net}.2/24`, 'dev', ifB]);
  });

  afterAll(() => {
    // Deleting the namespaces deletes the veth pair.
    spawnSync('ip', ['netns', 'del', nsA]);
    spawnSync('ip', ['netns', 'del', nsB]);
  });

  it('answers the peer kernel ARP through ToDevice and counts its pings with FromDevice', async () => {
    const click = startClick(
      `FromDevice(${ifA}) -> cl :: Classifier(12/0806 20/0001, 12/0800 23/01, -);
       cl[0] -> arp :: Counter -> ARPResponder(${net}.1 ${clickMac}) -> td :: ToDevice(${ifA});
       cl[1] -> icmp :: Counter -> Discard;
       cl[2] -> other :: Counter -> Discard;
       Script(print "ready")`,
      [
        'arp.count',
        'icmp.count',
        'other.count',
        'td.count',
        'FromDevice@1.count',
        'FromDevice@1.kernel_drops',
      ],
    );
    await click.ready;
    // No replies come (nothing answers echo requests), but the address gets resolved first.
    spawnSync('ip', ['netns', 'exec', nsB, 'ping', '-c', '5', '-i', '0.2', '-W', '1', `${net}.1`], {
      timeout: 15000,
    });
    expect(sh('ip', ['-n', nsB, 'neigh', 'show', `${net}.1`])).toContain(`lladdr ${clickMac}`);
    await sleep(300);
    click.process.kill('SIGTERM');
    const r = await click.done;
    expect(r.stderr).toBe('');
    expect(handlerValues(r.stdout)).toEqual({
      'arp.count': '1', // one broadcast request, answered at once
      'icmp.count': '5',
      'other.count': '0',
      'td.count': '1',
      'FromDevice@1.count': '6',
      'FromDevice@1.kernel_drops': '0',
    });
  });

  it('filters by PROTOCOL, splits with FORCE_IP, sees its own sends with OUTBOUND, and goes promiscuous', async () => {
    const click = startClick(
      `FromDevice(${ifA}, PROMISC true, PROTOCOL 0x0806) -> arp :: Counter -> Discard;
       ip :: FromDevice(${ifA}, FORCE_IP true) -> ipv4 :: Counter -> Discard;
       ip[1] -> nonip :: Counter -> Discard;
       FromDevice(${ifA}, OUTBOUND true) -> all :: Counter -> Discard;
       InfiniteSource(DATA "\\<ffffffffffff 020000aa0001 88b5 ${zeros}>", LIMIT 3, STOP false) -> td :: ToDevice(${ifA});
       Script(print "ready")`,
      ['arp.count', 'ipv4.count', 'nonip.count', 'all.count', 'td.count'],
    );
    await click.ready;
    expect(sh('ip', ['-n', nsA, '-d', 'link', 'show', ifA])).toMatch(/promiscuity 1\b/);
    sendFrames(2, 4, 1);
    await sleep(300);
    click.process.kill('SIGTERM');
    const r = await click.done;
    expect(r.stderr).toBe('');
    expect(handlerValues(r.stdout)).toEqual({
      'arp.count': '2',
      'ipv4.count': '4',
      'nonip.count': '3', // 2 ARP + 1 experimental
      'all.count': '10', // the 7 frames received and the 3 ToDevice sent
      'td.count': '3',
    });
    expect(sh('ip', ['-n', nsA, '-d', 'link', 'show', ifA])).toMatch(/promiscuity 0\b/);
  });

  it('pulls from a Queue into ToDevice, every frame reaching a pktgen sink in the peer namespace', async () => {
    const sink = pktgen(nsB, ['--ifname', ifB, '--mode', 'rx', '--count', '2000', '--duration', '10']);
    await sleep(300);
    const click = startClick(
      `InfiniteSource(DATA "\\<${peerMac.replaceAll(':', '')} 020000aa0001 88b5 ${zeros}>", LIMIT 2000, STOP false)
         -> Queue(4000) -> td :: ToDevice(${ifA});
       Script(print "ready", wait 1s, stop)`,
      ['td.count', 'td.drops'],
    );
    const r = await click.done;
    expect(r.stderr).toBe('');
    expect(handlerValues(r.stdout)).toEqual({ 'td.count': '2000', 'td.drops': '0' });
    expect((await sink)?.frames).toBe(2000);
  });

  it('runs pktgen tx/rx and ping/pong on the two ends, counts matching', async () => {
    const rx = pktgen(nsB, ['--ifname', ifB, '--mode', 'rx', '--count', '20000', '--duration', '10']);
    await sleep(300);
    const tx = await pktgen(nsA, ['--ifname', ifA, '--mode', 'tx', '--count', '20000', '--rate', '200000']);
    expect(tx?.frames).toBe(20000);
    expect((await rx)?.frames).toBe(20000);

    const pong = pktgen(nsB, ['--ifname', ifB, '--mode', 'pong', '--duration', '4']);
    await sleep(300);
    const ping = await pktgen(nsA, ['--ifname', ifA, '--mode', 'ping', '--count', '20', '--rate', '50']);
    expect(ping?.replies).toBe(20);
    await pong;
  });

  it('sends frames through its transmit ring intact, and refuses ones longer than the interface takes', async () => {
    // Frames built here, byte by byte: experimental EtherType 0x88b5 (or 802.1Q-tagged), a
    // payload counting 0..250. The MTU is 1500, so 1514 bytes is the longest untagged frame
    // and 1518 the longest tagged one; 1515, 1519 (tagged) and 3000 (more than a ring slot
    // holds) must be refused before they are sent, and nothing of them reach the peer.
    const frameHex = (length: number, tagged: boolean) => {
      const head = `${peerMac.replaceAll(':', '')}${clickMac.replaceAll(':', '')}${tagged ? '81000005' : ''}88b5`;
      const payload = Array.from({ length: length - head.length / 2 }, (_, i) =>
        (i % 251).toString(16).padStart(2, '0'),
      );
      return head + payload.join('');
    };
    const good = [
      [60, false],
      [61, false],
      [1000, false],
      [1514, false],
      [1518, true],
    ].map(([n, t]) => frameHex(n as number, t as boolean));
    const bad = [
      [1515, false],
      [1519, true],
      [3000, false],
    ].map(([n, t]) => frameHex(n as number, t as boolean));
    // The peer's capture: every frame of those EtherTypes, as hex, until 5 came or 5 s passed.
    const capture = spawn(
      'ip',
      [
        'netns',
        'exec',
        nsB,
        'python3',
        '-c',
        `
import socket, select, struct, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((${JSON.stringify(ifB)}, 0))
s.setsockopt(263, 8, 1)  # SOL_PACKET, PACKET_AUXDATA: the VLAN tag the receiving device took off
print("ready", flush=True)
got = []
def take():
    f, anc, _, addr = s.recvmsg(65536, 256)
    for level, kind, data in anc:
        if level == 263 and kind == 8:
            status, _, _, _, _, tci, tpid = struct.unpack('IIIHHHH', data[:20])
            if status & 0x10:  # TP_STATUS_VLAN_VALID: put the tag back where it was
                f = f[:12] + struct.pack('!HH', tpid if status & 0x40 else 0x8100, tci) + f[12:]
    if addr[2] != socket.PACKET_OUTGOING and f[12:14] in (b'\\x88\\xb5', b'\\x81\\x00'): got.append(f.hex())
end = time.time() + 5
while len(got) < ${good.length} and time.time() < end:
    if select.select([s], [], [], 0.2)[0]: take()
time.sleep(0.5)  # frames that should not come have time to
while select.select([s], [], [], 0)[0]: take()
print("\\n".join(got), flush=True)
`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let captured = '';
    const capturing = new Promise<void>((resolve) => {
      capture.stdout?.on('data', (d) => {
        captured += d;
        if (captured.startsWith('ready\n')) resolve();
      });
      capture.on('close', () => resolve());
    });
    const captureDone = new Promise<void>((resolve) => capture.on('close', () => resolve()));
    await capturing;
    const sources = [...good, ...bad]
      .map((hex) => `InfiniteSource(DATA "\\<${hex}>", LIMIT 1, STOP false) -> td;`)
      .join('\n');
    const click = startClick(
      `td :: ToDevice(${ifA}) -> sent :: Counter -> Discard;
       td[1] -> refused :: Counter -> Discard;
       ${sources}
       Script(print "ready", wait 0.5s, stop)`,
      ['td.count', 'td.drops', 'sent.count', 'refused.count'],
    );
    const r = await click.done;
    await captureDone;
    expect(handlerValues(r.stdout)).toEqual({
      'td.count': '5',
      'td.drops': '3',
      'sent.count': '5',
      'refused.count': '3',
    });
    expect(r.stderr.trim().split('\n').sort()).toEqual(
      [
        `td :: ToDevice: send on ${ifA}: Message too long (a frame of 1515 bytes; ${ifA} takes up to 1514)`,
        `td :: ToDevice: send on ${ifA}: Message too long (a frame of 1519 bytes; ${ifA} takes up to 1518)`,
        `td :: ToDevice: send on ${ifA}: Message too long (a frame of 3000 bytes; ${ifA} takes up to 1514)`,
      ].sort(),
    );
    const arrived = captured.slice('ready\n'.length).trim().split('\n').filter(Boolean);
    expect(arrived.sort()).toEqual([...good].sort());
  });

  it('says so once when its interface is deleted, and keeps running', async () => {
    const gone = `${tag}vg`;
    sh('ip', ['-n', nsA, 'link', 'add', gone, 'type', 'veth', 'peer', 'name', `${tag}vh`]);
    sh('ip', ['-n', nsA, 'link', 'set', gone, 'up']);
    const click = startClick(`FromDevice(${gone}) -> c :: Counter -> Discard; Script(print "ready")`, [
      'c.count',
    ]);
    await click.ready;
    sh('ip', ['-n', nsA, 'link', 'del', gone]);
    await sleep(500);
    click.process.kill('SIGTERM');
    const r = await click.done;
    expect(r.stderr).toBe(`FromDevice@1 :: FromDevice: ${gone}: Network is down\n`);
    expect(r.stdout).toBe('ready\n0\n'); // Script's line, then c.count
  });

  it('reports a missing interface at its file position', () => {
    const r = spawnSync(join(bin, 'clickos-run'), ['-e', 'Idle -> ToDevice(nosuchif7)'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("<expr>:1:9: ToDevice@2 :: ToDevice: no interface 'nosuchif7'\n");
  });
});
