// The switch control client against a real clickos-switch: ring ports come with their five
// descriptors (a memfd and four eventfds), are listed under the name given, and are freed
// when the last copy of their lifeline connection closes (docs/switch.md).
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound } from '../errors.js';
import {
  program,
  type RunningSwitch,
  removeDir,
  startSwitch,
  tempDir,
  waitFor,
} from '../testing/programs.js';
import { releaseRingPort, ringPortDescriptors, SwitchClient } from './client.js';

const switchBinary = program('clickos-switch');

const target = (fd: number) => readlinkSync(`/proc/self/fd/${fd}`);

describe.skipIf(!switchBinary)('SwitchClient', () => {
  let dir = '';
  let sw: RunningSwitch;
  let client: SwitchClient;

  beforeAll(async () => {
    dir = tempDir('switch');
    sw = await startSwitch(switchBinary as string, dir);
    client = new SwitchClient(sw.socket);
  });

  afterAll(async () => {
    await sw?.stop();
    removeDir(dir);
  });

  it('attaches a ring port: a memfd, four event descriptors and the lifeline socket', () => {
    const port = client.attach({ switch: 'vale0', slots: 64, name: 'test:0', mac: '02:00:00:00:00:01' });
    try {
      expect(target(port.fds.mem)).toMatch(/^\/memfd:/);
      for (const fd of [port.fds.rxData, port.fds.rxSpace, port.fds.txData, port.fds.txSpace]) {
        expect(target(fd)).toBe('anon_inode:[eventfd]');
      }
      expect(target(port.lifeline)).toMatch(/^socket:/);
      expect(new Set(ringPortDescriptors(port)).size).toBe(6);
      const listed = client.ports('vale0').find((p) => p.port === port.port);
      expect(listed?.name).toBe('test:0');
      const entry = client.table('vale0').find((e) => String(e.mac).toLowerCase() === '02:00:00:00:00:01');
      expect(entry?.port).toBe(port.port);
    } finally {
      releaseRingPort(port);
    }
  });

  it('frees the port once its lifeline and descriptors are closed', async () => {
    const port = client.attach({ switch: 'vale0', name: 'test:gone' });
    expect(client.ports().some((p) => p.name === 'test:gone')).toBe(true);
    releaseRingPort(port);
    await waitFor('the port to go', () => !client.ports().some((p) => p.name === 'test:gone'));
  });

  it('reports the switch errors, and a switch that is not there', () => {
    expect(() => client.detach(99999)).toThrow(/99999|no port/i);
    expect(() => client.attach({ switch: 'vale0', slots: 100 })).toThrow(/ring size 100/);
    expect(() => new SwitchClient(`${dir}/none.sock`).switches()).toThrow(/none\.sock/);
  });

  it('lists switches with their port counts', () => {
    const a = client.attach({ switch: 'vale7', name: 'test:7' });
    try {
      expect(client.switches().find((s) => s.name === 'vale7')?.ports).toBe(1);
    } finally {
      releaseRingPort(a);
    }
  });

  it('maps unknown names to NotFound', () => {
    expect(() => client.table('nosuchswitch')).toThrow(NotFound);
  });
});
