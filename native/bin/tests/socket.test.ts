// Socket in a configuration run by clickos-run, talking to Node sockets the test opens on
// loopback and in a temporary directory. Every wait is bounded; the child is always ended.
import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const binary = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin', 'clickos-run');
const dir = mkdtempSync(join(tmpdir(), 'clickos-socket-test-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(config: string) {
  const child = spawn(binary, ['-e', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, stderr: () => stderr };
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  s.close();
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Socket under clickos-run', () => {
  it('echoes UDP datagrams back to their sender', async () => {
    const port = await freeUdpPort();
    const { stderr } = start(`s :: Socket(UDP, 127.0.0.1, ${port}) -> s`);
    const client = dgram.createSocket('udp4');
    const got = new Promise<string>((resolve) => client.on('message', (m) => resolve(m.toString())));
    // The router may still be starting: send until the echo comes back (at most 5 s).
    let answer: string | undefined;
    got.then((m) => {
      answer = m;
    });
    for (let i = 0; i < 50 && answer === undefined; ++i) {
      client.send('ping over udp', port, '127.0.0.1');
      await sleep(100);
    }
    client.close();
    expect(answer, stderr()).toBe('ping over udp');
  });

  it('serves a unix stream connection', async () => {
    const path = join(dir, 'echo.sock');
    const { stderr } = start(`s :: Socket(UNIX, ${path}) -> s`);
    let conn: net.Socket | undefined;
    for (let i = 0; i < 50 && !conn; ++i) {
      conn = await new Promise<net.Socket | undefined>((resolve) => {
        const c = net.connect(path, () => resolve(c));
        c.on('error', () => resolve(undefined));
      });
      if (!conn) await sleep(100);
    }
    expect(conn, stderr()).toBeDefined();
    const c = conn as net.Socket;
    const reply = new Promise<string>((resolve) => {
      let buf = '';
      c.on('data', (d) => {
        buf += d;
        if (buf.length >= 11) resolve(buf);
      });
    });
    c.write('hello unix!');
    const r = await Promise.race([reply, sleep(5000).then(() => 'timeout')]);
    c.destroy();
    expect(r).toBe('hello unix!');
  });

  it('connects to a TCP server as a client', async () => {
    const received: string[] = [];
    const server = net.createServer((c) => c.on('data', (d) => received.push(d.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const { stderr } = start(
      `InfiniteSource(DATA "line\\n", LIMIT 3, STOP false) -> Socket(TCP, 127.0.0.1, ${port}, CLIENT true)`,
    );
    for (let i = 0; i < 50 && received.join('').length < 15; ++i) await sleep(100);
    server.close();
    expect(received.join(''), stderr()).toBe('line\nline\nline\n');
  });
});
