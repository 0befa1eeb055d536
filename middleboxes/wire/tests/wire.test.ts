// Golden tests of the wire plugin: its own configuration, run on pcaps through the plugin
// harness. What must come out is derived from the wire's definition (every frame, unchanged,
// on the other port, in order) and checked byte for byte and, field by field, with tshark.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etherFrame, haveTshark, preparePlugin, tsharkFields, writePcap } from '@clickos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { haveRunner } from './runner.js';

const pluginDir = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'clickos-wire-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
// IPv4, IPv6, ARP and VLAN-tagged frames; the smallest (60 bytes) and the largest (1514) sizes.
const fromA = [
  etherFrame(B, A, 0x0800, 46),
  etherFrame(B, A, 0x86dd, 1500),
  etherFrame('ff:ff:ff:ff:ff:ff', A, 0x0806, 28 + 18),
  etherFrame(B, A, 0x8100, 100),
];
const fromB = [etherFrame(A, B, 0x0800, 200), etherFrame(A, B, 0x86dd, 60)];

describe.skipIf(!haveRunner())('wire plugin', () => {
  const plugin = preparePlugin(pluginDir, join(dir, 'work'));

  it('forwards every frame to the other port, unchanged and in order, counting both ways', () => {
    writePcap(join(dir, 'a.pcap'), fromA);
    writePcap(join(dir, 'b.pcap'), fromB);
    const r = plugin.run({
      params: { IN: '0', OUT: '1' },
      inputs: { 0: join(dir, 'a.pcap'), 1: join(dir, 'b.pcap') },
      dir: join(dir, 'both'),
      handlers: ['in_to_out.count', 'in_to_out.byte_count', 'out_to_in.count', 'out_to_in.byte_count'],
    });
    expect(r.outputs[1]).toEqual(fromA);
    expect(r.outputs[0]).toEqual(fromB);
    expect(r.handlers).toEqual({
      'in_to_out.count': '4',
      'in_to_out.byte_count': String(60 + 1514 + 60 + 114),
      'out_to_in.count': '2',
      'out_to_in.byte_count': String(214 + 74),
    });
  });

  it.skipIf(!haveTshark())('leaves every header field as it was (tshark)', () => {
    writePcap(join(dir, 'a2.pcap'), fromA);
    const r = plugin.run({ inputs: { 0: join(dir, 'a2.pcap') }, dir: join(dir, 'tshark') });
    const fields = ['frame.len', 'eth.dst', 'eth.src', 'eth.type'];
    const seen = tsharkFields(r.outputFiles[1] as string, fields);
    expect(seen).toEqual([
      { 'frame.len': '60', 'eth.dst': B, 'eth.src': A, 'eth.type': '0x0800' },
      { 'frame.len': '1514', 'eth.dst': B, 'eth.src': A, 'eth.type': '0x86dd' },
      { 'frame.len': '60', 'eth.dst': 'ff:ff:ff:ff:ff:ff', 'eth.src': A, 'eth.type': '0x0806' },
      // tshark shows the VLAN tag's inner type for 802.1Q; the outer type is 0x8100.
      { 'frame.len': '114', 'eth.dst': B, 'eth.src': A, 'eth.type': '0x8100' },
    ]);
  });

  it('uses its ports as given', () => {
    writePcap(join(dir, 'a3.pcap'), fromA.slice(0, 2));
    const r = plugin.run({
      params: { IN: '3', OUT: '5' },
      inputs: { 3: join(dir, 'a3.pcap') },
      dir: join(dir, 'ports'),
    });
    expect(Object.keys(r.outputs).sort()).toEqual(['3', '5']);
    expect(r.outputs[5]).toEqual(fromA.slice(0, 2));
    expect(r.outputs[3]).toEqual([]);
  });

  it('refuses bad parameters, naming them', () => {
    expect(() => plugin.resolve('wire', { IN: 'zero' })).toThrow(
      "invalid parameter IN: expected an integer, got 'zero'",
    );
    expect(() => plugin.resolve('wire', { OUT: '64' })).toThrow(
      'invalid parameter OUT: 64 is above the maximum 63',
    );
    expect(() => plugin.resolve('wire', { BURST: '0' })).toThrow(
      'invalid parameter BURST: 0 is below the minimum 1',
    );
    expect(() => plugin.resolve('wire', { SPEED: 'fast' })).toThrow(
      'unknown parameter SPEED (wire/wire takes IN, OUT, BURST)',
    );
    expect(() => plugin.resolve('mirror')).toThrow(
      "plugin 'wire' has no configuration 'mirror' (it has wire)",
    );
  });
});
