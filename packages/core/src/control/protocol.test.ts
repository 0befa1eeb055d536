// The ControlSocket protocol codec on hand-written byte strings (responses as Click's
// ControlSocket documentation describes them: "CODE-msg"/"CODE msg" lines, CRLF, DATA n).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { encodeCommand, encodeRead, encodeWrite, ProtocolViolation, ReplyDecoder } from './protocol.js';

const greeting = 'Click::ControlSocket/1.3\r\n';

function decoder(reads: boolean[]) {
  return new ReplyDecoder((i) => reads[i] ?? false);
}

describe('encoding', () => {
  it('reads without parameters as READ, with parameters as READDATA and their byte count', () => {
    expect(encodeRead('c.count').toString()).toBe('READ c.count\r\n');
    expect(encodeRead('t.lookup', 'é x').toString()).toBe('READDATA t.lookup 4\r\né x');
  });

  it('writes every value as WRITEDATA, so newlines and NULs get through', () => {
    expect(encodeWrite('q.reset', '').toString()).toBe('WRITEDATA q.reset 0\r\n');
    expect(encodeWrite('s.data', 'a\r\nb\0').toString('latin1')).toBe('WRITEDATA s.data 5\r\na\r\nb\0');
  });

  it('refuses handler names that would break the command line', () => {
    expect(() => encodeRead('a b')).toThrow(UsageError);
    expect(() => encodeWrite('a\nREAD x', '')).toThrow(UsageError);
    expect(() => encodeCommand('CHECKREAD', '')).toThrow(UsageError);
  });
});

describe('ReplyDecoder', () => {
  it('takes the greeting, then a READ reply with its DATA', () => {
    const d = decoder([true]);
    expect(d.push(Buffer.from(`${greeting}200 Read handler 'c.count' OK\r\nDATA 3\r\n`))).toEqual([]);
    expect(d.greeting).toBe('Click::ControlSocket/1.3');
    const [reply] = d.push(Buffer.from('4\r\n'));
    expect(reply).toEqual({ code: 200, lines: ["Read handler 'c.count' OK"], data: Buffer.from('4\r\n') });
  });

  it('gathers multi-line replies and knows a failed READ carries no DATA', () => {
    const d = decoder([true, false]);
    const replies = d.push(
      Buffer.from(
        `${greeting}510 No element named 'x'\r\n` +
          "520-Write handler 'q.capacity' error:\r\n520 expected integer\r\n",
      ),
    );
    expect(replies).toEqual([
      { code: 510, lines: ["No element named 'x'"] },
      { code: 520, lines: ["Write handler 'q.capacity' error:", 'expected integer'] },
    ]);
  });

  it('splits replies at any byte boundary, data that looks like replies included', () => {
    const text = `${greeting}200 Read handler 'a.b' OK\r\nDATA 12\r\n200 fake\r\n\r\n200 Write handler 'w.x' OK\r\n`;
    const d = decoder([true, false]);
    const got = [];
    for (const byte of Buffer.from(text)) got.push(...d.push(Buffer.from([byte])));
    expect(got).toEqual([
      { code: 200, lines: ["Read handler 'a.b' OK"], data: Buffer.from('200 fake\r\n\r\n') },
      { code: 200, lines: ["Write handler 'w.x' OK"] },
    ]);
  });

  it('rejects a peer that is not a ControlSocket, and malformed lines', () => {
    expect(() => decoder([]).push(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toThrow(ProtocolViolation);
    expect(() => decoder([false]).push(Buffer.from(`${greeting}hello\r\n`))).toThrow(ProtocolViolation);
    expect(() => decoder([true]).push(Buffer.from(`${greeting}200 OK\r\nDATUM 1\r\n`))).toThrow(
      ProtocolViolation,
    );
  });
});
