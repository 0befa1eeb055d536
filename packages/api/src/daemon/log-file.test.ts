// RotatingLogFile: past maxBytes the file moves to PATH.1 (older ones shift, the oldest beyond
// KEEP goes), a file already too large is rotated when opened, 0 turns rotation off; and a
// daemon started with logFile writes its pino lines there, rotated.
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDaemon } from './listen.js';
import { RotatingLogFile } from './log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-logfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Ten-byte lines, numbered, so each file's content says which writes went where.
const line = (n: number) => `line ${String(n).padStart(4, '0')}\n`;

describe('RotatingLogFile', () => {
  it('rotates before a write would pass maxBytes and keeps KEEP old files', () => {
    const path = join(dir, 'a.log');
    const f = new RotatingLogFile(path, { maxBytes: 30, keep: 2 });
    for (let n = 1; n <= 10; n++) f.write(line(n));
    f.close();
    // Three lines (30 bytes) fill a file; the fourth starts a new one: 1-3, 4-6, 7-9, 10.
    expect(readFileSync(path, 'utf8')).toBe(line(10));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line(7) + line(8) + line(9));
    expect(readFileSync(`${path}.2`, 'utf8')).toBe(line(4) + line(5) + line(6));
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a rotation that fails never writes into a descriptor the process has reused since', () => {
    const path = join(dir, 'r.log');
    // PATH.2 is a directory: removing the oldest file fails, after the log was closed.
    mkdirSync(join(`${path}.2`, 'x'), { recursive: true });
    const f = new RotatingLogFile(path, { maxBytes: 30, keep: 2 });
    for (let n = 1; n <= 3; n++) f.write(line(n));
    f.write(line(4)); // would rotate: fails, the line is lost at worst
    // The log's old descriptor number is free now: the next file opened may get it.
    const other = join(dir, 'other');
    const fd = openSync(other, 'w');
    f.write(line(5));
    closeSync(fd);
    f.close();
    expect(readFileSync(other, 'utf8')).toBe('');
    // Logging goes on in PATH (what was in it stays: it could not be moved).
    expect(readFileSync(path, 'utf8')).toContain(line(5));
  });

  it('appends to an existing file and rotates one already over the limit when opened', () => {
    const small = join(dir, 'b.log');
    writeFileSync(small, line(1));
    const f = new RotatingLogFile(small, { maxBytes: 30, keep: 1 });
    f.write(line(2));
    f.close();
    expect(readFileSync(small, 'utf8')).toBe(line(1) + line(2));
    expect(existsSync(`${small}.1`)).toBe(false);

    const big = join(dir, 'c.log');
    writeFileSync(big, line(1) + line(2) + line(3) + line(4));
    const g = new RotatingLogFile(big, { maxBytes: 30, keep: 1 });
    g.write(line(5));
    g.close();
    expect(readFileSync(big, 'utf8')).toBe(line(5));
    expect(readFileSync(`${big}.1`, 'utf8')).toBe(line(1) + line(2) + line(3) + line(4));
  });

  it('drops old lines with keep 0, never rotates with maxBytes 0, and writes a line longer than the limit whole', () => {
    const none = join(dir, 'd.log');
    const f = new RotatingLogFile(none, { maxBytes: 20, keep: 0 });
    for (let n = 1; n <= 5; n++) f.write(line(n));
    f.close();
    expect(readFileSync(none, 'utf8')).toBe(line(5));
    expect(readdirSync(dir).filter((n) => n.startsWith('d.log'))).toEqual(['d.log']);

    const off = join(dir, 'e.log');
    const g = new RotatingLogFile(off, { maxBytes: 0, keep: 3 });
    for (let n = 1; n <= 50; n++) g.write(line(n));
    g.close();
    expect(statSync(off).size).toBe(500);
    expect(existsSync(`${off}.1`)).toBe(false);

    const long = join(dir, 'f.log');
    const h = new RotatingLogFile(long, { maxBytes: 15, keep: 1 });
    h.write(line(1) + line(2));
    h.write(line(3));
    h.close();
    expect(readFileSync(`${long}.1`, 'utf8')).toBe(line(1) + line(2));
    expect(readFileSync(long, 'utf8')).toBe(line(3));
  });
});

function get(socket: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('runDaemon with logFile', () => {
  it('writes its request log to the file and rotates it past maxBytes', async () => {
    const state = join(dir, 'state');
    const path = join(state, 'cosmosd.log');
    const socket = join(state, 'cosmosd.sock');
    const d = await runDaemon({
      stateDir: state,
      socket,
      noSwitch: true,
      manager: { watchdog: { intervalMs: 0 } },
      logger: { level: 'info' },
      logFile: { path, maxBytes: 2048, keep: 2 },
    });
    try {
      // Each request logs two JSON lines of a few hundred bytes: 40 requests are well past
      // three files of 2 KiB.
      for (let i = 0; i < 40; i++) expect(await get(socket, '/v1/daemon')).toBe(200);
    } finally {
      await d.stop();
    }
    const files = readdirSync(state)
      .filter((n) => n.startsWith('cosmosd.log'))
      .sort();
    expect(files).toEqual(['cosmosd.log', 'cosmosd.log.1', 'cosmosd.log.2']);
    for (const name of files) {
      const text = readFileSync(join(state, name), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
      // Whole pino lines only: rotation never splits one.
      for (const l of text.trimEnd().split('\n')) expect(JSON.parse(l)).toHaveProperty('level');
    }
    expect(readFileSync(join(state, 'cosmosd.log.1'), 'utf8')).toMatch(/"url":"\/v1\/daemon"/);
  });
});
