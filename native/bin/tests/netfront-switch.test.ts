// FromNetfront/ToNetfront attaching their ports by themselves (SWITCH) under clickos-run, with
// SWITCH_BUSY asking the switch to busy-poll the port: the switch's port listing says which
// ports it polls, also after the switch was killed and the elements gave their ports back to
// a new one. Everything stays on this machine (a unix socket in a temporary directory).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin');
const dir = mkdtempSync(join(tmpdir(), 'clickos-netfront-switch-'));
const socket = join(dir, 'switch.sock');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const p of started) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startSwitch() {
  rmSync(socket, { force: true });
  const p = spawn(join(bin, 'clickos-switch'), ['--socket', socket], { stdio: 'ignore' });
  started.push(p);
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(10);
  return p;
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

type PortRow = { name: string; busy: boolean; sleeps: number; wakeups: number };

// The ports of switch vale0 by name, once `count` are attached (up to 5 s).
async function portsByName(count: number) {
  for (let i = 0; i < 100; i++) {
    const r = await control({ op: 'ports', switch: 'vale0' }).catch(() => ({ ports: [] }));
    const list = (r.ports ?? []) as PortRow[];
    if (list.length === count) return Object.fromEntries(list.map((p) => [p.name, p]));
    await sleep(50);
  }
  throw new Error(`switch vale0 never had ${count} ports`);
}

function runClick(config: string) {
  return spawnSync(join(bin, 'clickos-run'), ['-e', config], { encoding: 'utf8', timeout: 20000 });
}

describe('SWITCH_BUSY on FromNetfront and ToNetfront', () => {
  it('asks the switch to busy-poll the port, and asks again when it reattaches to a new switch', async () => {
    let sw = await startSwitch();
    const at = `SWITCH vale0, SOCKET ${socket}`;
    const click = spawn(
      join(bin, 'clickos-run'),
      [
        '-e',
        `polled :: FromNetfront(0, ${at}, SWITCH_BUSY true) -> Discard;
         Idle -> sleeping :: ToNetfront(1, ${at}, SWITCH_BUSY false);
         plain :: FromNetfront(2, ${at}) -> Discard;`,
      ],
      { stdio: 'ignore' },
    );
    started.push(click);
    const first = await portsByName(3);
    expect(first.polled).toMatchObject({ busy: true, sleeps: 0, wakeups: 0 });
    expect(first.sleeping).toMatchObject({ busy: false });
    expect(first.plain).toMatchObject({ busy: false });

    // A new switch gets the ports back from the elements (they retry every 100 ms); it has no
    // names for them, only what the reattach asked for.
    const exited = new Promise((r) => sw.once('exit', r));
    sw.kill('SIGKILL');
    await exited;
    sw = await startSwitch();
    const again = Object.values(await portsByName(3));
    expect(again.map((p) => p.busy).sort()).toEqual([false, false, true]);
    click.kill('SIGTERM');
    sw.kill('SIGTERM');
  });

  it('refuses a bad value and SWITCH_BUSY without SWITCH, at their file positions', () => {
    let r = runClick('FromNetfront(0, SWITCH vale0, SWITCH_BUSY maybe) -> Discard');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      '<expr>:1:31: FromNetfront@1 :: FromNetfront: SWITCH_BUSY: expected boolean (true/false)\n',
    );
    r = runClick('Idle -> ToNetfront(0, SWITCH_BUSY true)');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      '<expr>:1:9: ToNetfront@2 :: ToNetfront: SOCKET, MAC and SWITCH_BUSY need SWITCH (the switch to attach to)\n',
    );
  });
});
