// The watchdog against a stand-in ControlSocket whose answers come after a set delay, so
// timing is the test's to choose: as documented (WatchdogOptions), an instance that answers
// within timeoutMs is left alone even when that is longer than intervalMs, and one that does
// not answer within timeoutMs is reported unresponsive and replaced.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, ExitInfo, InstanceHandle, InstanceSpec, InstanceState } from '../backends/backend.js';
import { ControlClient } from '../control/client.js';
import { Store } from '../store/store.js';
import { Supervisor, type SupervisorEvent } from './supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-watchdog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Greets, then answers every command line with "200 OK" (and a value for READ) after `delay.ms` (never, when null). */
function standIn(path: string, delay: { ms: number | null }): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.write('Click::ControlSocket/1.3\r\n');
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let lf = buffered.indexOf('\n'); lf >= 0; lf = buffered.indexOf('\n')) {
        const reply = buffered.startsWith('READ ') ? '200 OK\r\nDATA 5\r\n1.0.0' : '200 OK\r\n';
        buffered = buffered.slice(lf + 1);
        if (delay.ms === null) continue;
        setTimeout(() => socket.writable && socket.write(reply), delay.ms);
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

/** A backend whose instances are the stand-in: each start connects a new control channel. */
function standInBackend(path: string): Backend & { started: number; stopped: number } {
  const b = {
    kind: 'standin',
    started: 0,
    stopped: 0,
    async create() {},
    async start(spec: InstanceSpec): Promise<InstanceHandle> {
      b.started++;
      const control = await ControlClient.connect(path);
      let exit!: (info: ExitInfo) => void;
      const exited = new Promise<ExitInfo>((r) => {
        exit = r;
      });
      const handle = {
        name: spec.name,
        backend: 'standin',
        runtime: { n: b.started },
        control,
        exited,
        state: 'running' as InstanceState,
        release: () => control.close(),
        end: () => {
          control.close();
          exit({ code: 0, signal: null, log: [] });
        },
      };
      return handle;
    },
    async install() {},
    async stop(handle: InstanceHandle) {
      b.stopped++;
      (handle as InstanceHandle & { end(): void }).end();
    },
    async suspend() {},
    async resume() {},
    async stats(): Promise<never> {
      throw new Error('no stats');
    },
    async adopt() {
      return undefined;
    },
    async kill() {},
    async destroy() {},
  };
  return b;
}

async function supervised(name: string, delay: { ms: number | null }) {
  const socket = join(dir, `${name}.sock`);
  const server = await standIn(socket, delay);
  const store = Store.open(join(dir, `${name}.db`));
  const backend = standInBackend(socket);
  const s = await Supervisor.open({
    store,
    backends: { standin: backend },
    watchdog: { intervalMs: 100, timeoutMs: 250 },
    backoff: { initialMs: 10 },
  });
  store.createInstance({ name, backend: 'standin', labels: {}, resources: {}, ports: [] });
  const config = store.addConfig(name, 'Idle -> Discard;', {});
  store.setConfigVersion(name, config.version);
  store.setDesired(name, 'running');
  const events: SupervisorEvent[] = [];
  s.on('event', (e: SupervisorEvent) => events.push(e));
  await s.serialize(name, () => s.boot(name));
  const close = async () => {
    await s.close();
    store.close();
    await new Promise((r) => server.close(r));
  };
  return { s, backend, events, close };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchdog', () => {
  it('leaves alone an instance answering within timeoutMs, even slower than intervalMs', async () => {
    // Answers after 150 ms: each probe is outstanding across the next round (100 ms later),
    // and a later probe is outstanding when an earlier one's 250 ms are up.
    const t = await supervised('slow', { ms: 150 });
    try {
      await sleep(1500);
      expect(t.events.filter((e) => e.kind === 'unresponsive')).toEqual([]);
      expect(t.backend.started).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('reports and replaces an instance that stops answering', async () => {
    const delay = { ms: 5 as number | null };
    const t = await supervised('hangs', delay);
    try {
      await sleep(400);
      expect(t.events.filter((e) => e.kind === 'unresponsive')).toEqual([]);
      delay.ms = null;
      for (let i = 0; i < 250 && !t.events.some((e) => e.kind === 'restarted'); i++) await sleep(20);
      const unresponsive = t.events.find((e) => e.kind === 'unresponsive');
      expect(unresponsive?.detail.error).toMatch(/no reply within 250 ms/);
      expect(t.backend.stopped).toBe(1);
      expect(t.backend.started).toBe(2);
    } finally {
      await t.close();
    }
  });
});
