// Golden tests of the ethermirror plugin: its own configuration, run on a pcap through the
// plugin harness. The expected frames are the input frames with bytes 0-5 and 6-11 exchanged
// (EtherMirror's definition), frames shorter than an Ethernet header dropped; tshark checks the
// same independently, field by field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etherFrame, haveTshark, preparePlugin, tsharkFields, writePcap } from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const pluginDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'clickos-ethermirror-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOST = '02:00:00:00:00:01';
const BOX = '02:00:00:00:00:aa';
const frames = [
  etherFrame(BOX, HOST, 0x0800, 46),
  etherFrame('ff:ff:ff:ff:ff:ff', HOST, 0x0806, 46),
  etherFrame(BOX, '02:00:00:00:00:02', 0x86dd, 1500),
];
const runt = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

function swapped(f: Buffer): Buffer {
  return Buffer.concat([f.subarray(6, 12), f.subarray(0, 6), f.subarray(12)]);
}

describe.skipIf(!haveRunner())('ethermirror plugin', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work'));

  it('sends every frame back out of its port with the addresses swapped; runts are dropped', () => {
    writePcap(join(dir, 'in.pcap'), [frames[0] as Buffer, runt, frames[1] as Buffer, frames[2] as Buffer]);
    const r = plugin.run({
      params: { PORT: '2' },
      inputs: { 2: join(dir, 'in.pcap') },
      dir: join(dir, 'run'),
      handlers: ['mirrored.count', 'mirrored.byte_count'],
    });
    expect(r.outputs[2]).toEqual(frames.map(swapped));
    // The counter sits before the mirror: it sees the runt too.
    expect(r.handlers).toEqual({ 'mirrored.count': '4', 'mirrored.byte_count': String(60 + 10 + 60 + 1514) });
  });

  it.skipIf(!haveTshark())('swaps eth.src and eth.dst and nothing else (tshark)', () => {
    writePcap(join(dir, 'in2.pcap'), frames);
    const r = plugin.run({ inputs: { 0: join(dir, 'in2.pcap') }, dir: join(dir, 'tshark') });
    const fields = ['frame.len', 'eth.dst', 'eth.src', 'eth.type'];
    const before = tsharkFields(join(dir, 'in2.pcap'), fields);
    const after = tsharkFields(r.outputFiles[0] as string, fields);
    expect(after).toEqual(before.map((f) => ({ ...f, 'eth.dst': f['eth.src'], 'eth.src': f['eth.dst'] })));
    expect(after[0]).toEqual({ 'frame.len': '60', 'eth.dst': HOST, 'eth.src': BOX, 'eth.type': '0x0800' });
  });

  it('refuses bad parameters, naming them', () => {
    expect(() => plugin.resolve(undefined, { PORT: '-1' })).toThrow(
      'invalid parameter PORT: -1 is below the minimum 0',
    );
    expect(() => plugin.resolve(undefined, { PORT: '1,2' })).toThrow(
      "invalid parameter PORT: expected an integer, got '1,2'",
    );
    expect(() => plugin.resolve(undefined, { IN: '0' })).toThrow(
      'unknown parameter IN (ethermirror/ethermirror takes PORT, BURST)',
    );
  });
});
