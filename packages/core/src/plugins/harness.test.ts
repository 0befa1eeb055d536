import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFrames, etherFrame, readPcap, writePcap } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'clickos-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pcap harness helpers', () => {
  const a = etherFrame('02:00:00:00:00:0b', '02:00:00:00:00:0a', 0x0800, 46);

  it('writes and reads pcap files back', () => {
    const frames = [a, etherFrame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0a', 0x0806, 28)];
    writePcap(join(dir, 'x.pcap'), frames);
    expect(readPcap(join(dir, 'x.pcap'))).toEqual(frames);
  });

  it('names the frame, byte and field where outputs differ', () => {
    const b = Buffer.from(a);
    b[7] = 0x99;
    const c = Buffer.from(a);
    c[20] = 1;
    expect(diffFrames([a], [a])).toEqual([]);
    expect(diffFrames([b, c], [a, a])).toEqual([
      'frame 0: byte 7 (eth.src) is 0x99, expected 0x00',
      'frame 1: byte 20 (payload byte 6) is 0x01, expected 0x06',
    ]);
    expect(diffFrames([a], [a, a])).toEqual(['1 frames, expected 2']);
    writePcap(join(dir, 'want.pcap'), [a.subarray(0, 59)]);
    expect(diffFrames([a], join(dir, 'want.pcap'))).toEqual(['frame 0: 60 bytes, expected 59']);
  });

  it('refuses a file that is not a pcap', () => {
    writePcap(join(dir, 'ok.pcap'), []);
    const bad = join(dir, 'bad.pcap');
    writeFileSync(bad, 'not a capture file at all');
    expect(() => readPcap(bad)).toThrow('is not a pcap file');
  });
});
