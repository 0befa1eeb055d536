// The ControlSocket client against a real ControlSocket: clickos-run with -u (the element's
// unix socket). Expected values follow from the configurations (a Counter that saw N packets
// says N) and from the protocol's documented codes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, HandlerError, NotFound } from '../errors.js';
import { program, removeDir, tempDir, waitFor } from '../testing/programs.js';
import { ControlClient } from './client.js';

const run = program('clickos-run');

describe.skipIf(!run)('ControlClient', () => {
  let dir = '';
  let socket = '';
  let child: ChildProcess;
  let client: ControlClient;

  beforeAll(async () => {
    dir = tempDir('control');
    socket = join(dir, 'c.sock');
    // Five packets through c, then nothing: c.count is 5 and stays 5.
    const config = 'InfiniteSource(LIMIT 5, STOP false) -> c :: Counter -> q :: Queue(10) -> Discard;';
    child = spawn(run as string, ['-u', socket, '-e', config], { stdio: 'ignore' });
    await waitFor('the control socket', () => existsSync(socket));
    // The file exists from bind(), a moment before listen(): try until it accepts.
    for (let attempt = 0; ; attempt++) {
      try {
        client = await ControlClient.connect(socket);
        break;
      } catch (err) {
        if (attempt >= 100) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });

  afterAll(() => {
    client?.close();
    child?.kill('SIGKILL');
    removeDir(dir);
  });

  // Values come as the handlers give them: Click's read handlers end theirs with a newline.
  it('greets with the protocol version and reads handlers', async () => {
    expect(client.version).toMatch(/^1\.\d+$/);
    let count = '';
    for (let i = 0; i < 100 && count !== '5\n'; i++) {
      count = await client.read('c.count');
      if (count !== '5\n') await new Promise((r) => setTimeout(r, 10));
    }
    expect(count).toBe('5\n');
    expect(await client.read('q.capacity')).toBe('10\n');
    // The element count, then names: four declared, and the ControlSocket that -u adds.
    expect((await client.read('list')).split('\n')[0]).toBe('5');
  });

  it('writes handlers, and the new value reads back', async () => {
    expect(await client.write('q.capacity', '20')).toEqual([]);
    expect(await client.read('q.capacity')).toBe('20\n');
    await client.write('c.reset');
    expect(await client.read('c.count')).toBe('0\n');
  });

  it('answers pipelined commands in order', async () => {
    const replies = await Promise.all([
      client.read('q.capacity'),
      client.write('q.capacity', '7'),
      client.read('q.capacity'),
      client.check('c.reset', 'write'),
      client.check('c.count', 'write'),
    ]);
    expect(replies).toEqual(['20\n', [], '7\n', true, false]);
  });

  it('maps errors: no element or handler is NotFound, a rejected value a HandlerError with its code', async () => {
    await expect(client.read('nosuch.count')).rejects.toThrow(NotFound);
    await expect(client.read('c.nosuch')).rejects.toThrow(NotFound);
    const err = await client.write('q.capacity', 'lots').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandlerError);
    expect((err as HandlerError).status).toBe(520);
    const readOnly = await client.write('c.count', '3').catch((e: unknown) => e);
    expect((readOnly as HandlerError).status).toBe(530);
    expect(await client.read('c.count')).toBe('0\n'); // the connection still works
  });

  it('fails pending and later commands once the peer is gone', async () => {
    const other = await ControlClient.connect(socket);
    let closedWith: Error | undefined;
    other.onClose((e) => {
      closedWith = e;
    });
    other.close();
    expect(other.closed).toBe(true);
    expect(closedWith).toBeUndefined();
    await expect(other.read('c.count')).rejects.toThrow(BackendError);
  });

  it('refuses a socket nobody listens on, naming it', async () => {
    await expect(ControlClient.connect(join(dir, 'none.sock'), { timeoutMs: 500 })).rejects.toThrow(
      /none\.sock/,
    );
  });
});
