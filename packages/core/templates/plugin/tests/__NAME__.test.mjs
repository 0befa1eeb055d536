// Golden tests of __NAME__: the plugin's own configuration run on pcaps (the ClickOS plugin
// harness builds the element package and runs clickos-run). Expected outputs are written by
// hand from what the plugin is meant to do: IPv4 frames pass unchanged, the others are dropped.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { etherFrame, preparePlugin, writePcap } from '@clickos/core';

const dir = mkdtempSync(join(tmpdir(), '__NAME__-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const plugin = preparePlugin(join(import.meta.dirname, '..'), join(dir, 'work'));

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const ipv4 = [etherFrame(B, A, 0x0800, 46), etherFrame(B, A, 0x0800, 1000)];
const others = [etherFrame(B, A, 0x0806, 46), etherFrame(B, A, 0x86dd, 100), Buffer.from([1, 2, 3])];

describe('__NAME__', () => {
  it('forwards IPv4 frames unchanged and drops the others', () => {
    writePcap(join(dir, 'in.pcap'), [ipv4[0], others[0], others[1], ipv4[1], others[2]]);
    const r = plugin.run({
      inputs: { 0: join(dir, 'in.pcap') },
      dir: join(dir, 'out'),
      handlers: ['filter.passed', 'filter.dropped'],
    });
    assert.deepEqual(r.outputs[1], ipv4);
    assert.deepEqual(r.handlers, { 'filter.passed': '2', 'filter.dropped': '3' });
  });

  it('passes the EtherType it is given', () => {
    writePcap(join(dir, 'in6.pcap'), [ipv4[0], others[1]]);
    const r = plugin.run({
      params: { ETHERTYPE: '34525' },
      inputs: { 0: join(dir, 'in6.pcap') },
      dir: join(dir, 'v6'),
    });
    assert.deepEqual(r.outputs[1], [others[1]]);
  });

  it('refuses a bad parameter, naming it', () => {
    assert.throws(
      () => plugin.resolve(undefined, { ETHERTYPE: '70000' }),
      /invalid parameter ETHERTYPE: 70000 is above the maximum 65535/,
    );
  });
});
