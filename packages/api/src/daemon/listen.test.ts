// runDaemon: the socket is 0600, one daemon per state directory, a dead daemon's socket and
// pid file are taken over, bad --tcp/--token-file values are refused, and stop() cleans up.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readToken, runDaemon } from './listen.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-listen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(socket: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('runDaemon', () => {
  it('listens on a 0600 socket, refuses a second daemon, and removes its files when stopped', async () => {
    const state = join(dir, 'a');
    const socket = join(state, 'cosmosd.sock');
    const d = await runDaemon({
      stateDir: state,
      socket,
      noSwitch: true,
      manager: { watchdog: { intervalMs: 0 } },
    });
    try {
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      expect(statSync(state).mode & 0o777).toBe(0o700);
      const r = await get(socket, '/v1/daemon');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).stateDir).toBe(state);
      await expect(
        runDaemon({ stateDir: state, socket: join(dir, 'other.sock'), noSwitch: true }),
      ).rejects.toThrow(/already running .*\(pid \d+\)/);
    } finally {
      await d.stop();
    }
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(state, 'cosmosd.pid'))).toBe(false);
  });

  it('hands --instance-cpus to the process backend as the default placement', async () => {
    const state = join(dir, 'placed');
    const d = await runDaemon({
      stateDir: state,
      socket: join(state, 'cosmosd.sock'),
      noSwitch: true,
      instanceCpus: '0',
      manager: { watchdog: { intervalMs: 0 } },
    });
    try {
      const backend = d.services.manager.supervisor.backend('process') as {
        options?: { defaultCpus?: string };
      };
      expect(backend.options?.defaultCpus).toBe('0');
    } finally {
      await d.stop();
    }
  });

  it("takes over a dead daemon's pid file and socket", async () => {
    const state = join(dir, 'b');
    const socket = join(state, 'cosmosd.sock');
    const first = await runDaemon({
      stateDir: state,
      socket,
      noSwitch: true,
      manager: { watchdog: { intervalMs: 0 } },
    });
    await first.stop();
    // What a killed daemon leaves: a pid file naming a process that is gone, a socket file.
    writeFileSync(join(state, 'cosmosd.pid'), '999999999\n');
    writeFileSync(socket, '');
    const d = await runDaemon({
      stateDir: state,
      socket,
      noSwitch: true,
      manager: { watchdog: { intervalMs: 0 } },
    });
    try {
      expect((await get(socket, '/v1/daemon')).status).toBe(200);
    } finally {
      await d.stop();
    }
  });

  it('serves TCP with the token only', async () => {
    const state = join(dir, 'c');
    const d = await runDaemon({
      stateDir: state,
      socket: join(state, 'cosmosd.sock'),
      noSwitch: true,
      tcp: { host: '127.0.0.1', port: 0, token: 'token-token-token-1' },
      manager: { watchdog: { intervalMs: 0 } },
    });
    try {
      const base = `http://127.0.0.1:${d.tcpAddress?.port}`;
      expect((await fetch(`${base}/v1/daemon`)).status).toBe(401);
      expect(
        (await fetch(`${base}/v1/daemon`, { headers: { authorization: 'Bearer token-token-token-1' } }))
          .status,
      ).toBe(200);
      // The unix socket needs no token.
      expect((await get(join(state, 'cosmosd.sock'), '/v1/daemon')).status).toBe(200);
    } finally {
      await d.stop();
    }
  });

  it('refuses short or missing token files', () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'abc\n');
    expect(() => readToken(short)).toThrow(/at least 16 characters/);
    expect(() => readToken(join(dir, 'none'))).toThrow(/cannot read the token file/);
  });
});
