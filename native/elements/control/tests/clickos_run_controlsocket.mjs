#!/usr/bin/env node
// End-to-end check of clickos-run's -u (unix) and -p (TCP) options, which add a ControlSocket,
// and of DriverManager(stop) exiting at once. Talks the ControlSocket protocol with a plain
// socket client.
//
// Usage: node native/elements/control/tests/clickos_run_controlsocket.mjs [PATH/TO/clickos-run]
// (default: $CLICKOS_RUN, else native/build/bin/clickos-run). Prints "N passed, N failed";
// exits non-zero if any check failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const driver =
  process.argv[2] ?? process.env.CLICKOS_RUN ?? path.resolve(here, '../../../build/bin/clickos-run');
const greeting = 'Click::ControlSocket/1.3\r\n';
const config = 'c :: Counter -> Discard; Idle -> c; Idle -> q :: Queue(10) -> Discard';

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts clickos-run; resolves with { child, exited } where `exited` resolves to
// { code, stdout, stderr } when the process ends.
function start(args) {
  const child = spawn(driver, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

function withTimeout(promise, ms, what) {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`timed out after ${ms} ms: ${what}`);
    }),
  ]);
}

// A line-protocol client: send(text), then read(n) resolves with the next n bytes.
async function connect(options) {
  const socket = net.createConnection(options);
  await withTimeout(
    new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }),
    5000,
    'connect',
  );
  let buffer = Buffer.alloc(0);
  let closed = false;
  let wake = () => {};
  socket.on('data', (d) => {
    buffer = Buffer.concat([buffer, d]);
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => {});
  return {
    send: (text) => socket.write(text),
    async read(n) {
      const deadline = Date.now() + 5000;
      while (buffer.length < n && !closed && Date.now() < deadline) {
        await Promise.race([new Promise((resolve) => (wake = resolve)), sleep(50)]);
      }
      const out = buffer.subarray(0, n).toString('latin1');
      buffer = buffer.subarray(Math.min(n, buffer.length));
      return out;
    },
    async ask(text, expected) {
      socket.write(text);
      return this.read(expected.length);
    },
    close: () => socket.end(),
  };
}

async function conversation(client, label) {
  check(`${label}: greeting`, (await client.read(greeting.length)) === greeting);
  let r = "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n";
  check(`${label}: READ element handler`, (await client.ask('READ c.count\r\n', r)) === r);
  r = "200 Write handler 'q.capacity' OK\r\n";
  check(`${label}: WRITE`, (await client.ask('WRITE q.capacity 5\n', r)) === r);
  r = "200 Read handler 'q.capacity' OK\r\nDATA 2\r\n5\n";
  check(`${label}: READ after WRITE`, (await client.ask('READ q.capacity\n', r)) === r);
  r = "511 Handler 'c.count' not writable\r\n";
  check(`${label}: CHECKWRITE`, (await client.ask('CHECKWRITE c.count\n', r)) === r);
  r = "510 No element named 'nope'\r\n";
  check(`${label}: unknown element`, (await client.ask('READ nope.count\n', r)) === r);
  r = "200 Write handler 'stop' OK\r\n";
  check(`${label}: WRITE stop`, (await client.ask('WRITE stop\n', r)) === r);
}

async function unixSocket(dir) {
  const sock = path.join(dir, 'control.sock');
  const { exited } = start(['-u', sock, '-e', config, '-h', 'q.capacity']);
  const deadline = Date.now() + 5000;
  while (!existsSync(sock) && Date.now() < deadline) await sleep(20);
  check('-u: socket file appears', existsSync(sock));
  const client = await connect({ path: sock });
  await conversation(client, '-u');
  const result = await withTimeout(exited, 5000, 'clickos-run -u to exit after stop');
  check('-u: exits with status 0 after stop', result.code === 0, JSON.stringify(result));
  check('-u: -h handler printed at exit', result.stdout === '5\n', JSON.stringify(result.stdout));
  check('-u: socket file removed', !existsSync(sock));
}

async function tcpSocket() {
  // A port apart from other runs; the next ones if it is taken.
  const base = 42000 + (process.pid % 1000) * 8;
  for (let port = base; port < base + 8; port++) {
    const { child, exited } = start(['-p', String(port), '-e', config]);
    let client;
    const deadline = Date.now() + 5000;
    while (!client && Date.now() < deadline && child.exitCode === null) {
      try {
        client = await connect({ host: '127.0.0.1', port });
      } catch {
        await sleep(20);
      }
    }
    if (!client) {
      const result = await withTimeout(exited, 5000, 'clickos-run -p to exit');
      if (/in use/i.test(result.stderr)) continue;
      check('-p: accepts connections', false, JSON.stringify(result));
      return;
    }
    await conversation(client, '-p');
    const result = await withTimeout(exited, 5000, 'clickos-run -p to exit after stop');
    check('-p: exits with status 0 after stop', result.code === 0, JSON.stringify(result));
    return;
  }
  check('-p: a free loopback port', false);
}

async function driverManagerStop() {
  const began = process.hrtime.bigint();
  const { exited } = start(['-e', 'Idle -> Discard; DriverManager(stop)']);
  const result = await withTimeout(exited, 5000, 'DriverManager(stop) to exit');
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  check('DriverManager(stop) exits with status 0', result.code === 0, JSON.stringify(result));
  check('DriverManager(stop) exits at once', ms < 1000, `${ms.toFixed(1)} ms`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'clickos-cs-'));
try {
  if (!existsSync(driver)) throw new Error(`no clickos-run at ${driver}`);
  await unixSocket(dir);
  await tcpSocket();
  await driverManagerStop();
} catch (e) {
  check('run', false, e.message);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
