// Click's ControlSocket protocol (version 1.x) without I/O: requests are encoded to bytes, and
// response bytes are decoded into replies as they arrive, so the parser is tested on strings.
//
// A reply is one or more "CODE-message" lines and a last "CODE message" line, each ended by
// CRLF; a successful READ is followed by "DATA n" and n bytes.
import { UsageError } from '../errors.js';

/** One complete response to one command. */
export interface ControlReply {
  /** Click's status: 200 OK, 220 OK with warnings, 5xx errors (see ControlStatus). */
  code: number;
  /** The message of every response line, in order (the handler's errors and warnings follow the first). */
  lines: string[];
  /** A READ's value. */
  data?: Buffer;
}

/** Click's ControlSocket status codes, plus the 54x codes of clickos-instance's install. */
export const ControlStatus = {
  Ok: 200,
  OkWarnings: 220,
  Syntax: 500,
  Unimplemented: 501,
  NoElement: 510,
  NoHandler: 511,
  HandlerError: 520,
  DataTooBig: 521,
  Permission: 530,
} as const;

/** The greeting every ControlSocket sends first, e.g. "Click::ControlSocket/1.3". */
export const GREETING = /^Click::ControlSocket\/(\d+)\.(\d+)$/;

const CR = 13;
const LF = 10;

/** A handler name as the protocol takes it: one word, no spaces or control characters. */
export function checkHandlerName(handler: string): void {
  let bad = handler === '';
  for (let i = 0; i < handler.length && !bad; i++) {
    const c = handler.charCodeAt(i);
    bad = c <= 32 || c === 127;
  }
  if (bad) throw new UsageError(`invalid handler name ${JSON.stringify(handler)}: expected ELEMENT.HANDLER`);
}

/** `READ handler` (no parameters) or `READDATA handler n` + the parameters' bytes. */
export function encodeRead(handler: string, params?: string | Buffer): Buffer {
  checkHandlerName(handler);
  if (params === undefined || params.length === 0) return Buffer.from(`READ ${handler}\r\n`, 'latin1');
  const body = typeof params === 'string' ? Buffer.from(params, 'utf8') : params;
  return Buffer.concat([Buffer.from(`READDATA ${handler} ${body.length}\r\n`, 'latin1'), body]);
}

/** `WRITEDATA handler n` + the value's bytes: any value, newlines and NULs included, gets through. */
export function encodeWrite(handler: string, value: string | Buffer): Buffer {
  checkHandlerName(handler);
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const head = Buffer.from(`WRITEDATA ${handler} ${body.length}\r\n`, 'latin1');
  return body.length === 0 ? head : Buffer.concat([head, body]);
}

/** A command without data, e.g. `CHECKWRITE x.y` or `QUIT`. */
export function encodeCommand(...words: string[]): Buffer {
  for (const w of words) checkHandlerName(w);
  return Buffer.from(`${words.join(' ')}\r\n`, 'latin1');
}

/** A malformed response: the connection cannot be followed any more. */
export class ProtocolViolation extends Error {}

/**
 * Splits a byte stream into the greeting and replies. `expectData(index)` tells whether the
 * index-th reply (0-based, in command order) answers a READ, whose success carries DATA.
 */
export class ReplyDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted = false;
  private pending: { code: number; lines: string[] } | undefined;
  private awaitingData = false; // a READ succeeded: its "DATA n" line comes next
  private dataLength = -1; // >= 0: waiting for this many bytes of DATA
  private replies = 0;

  greeting: string | undefined;

  constructor(private readonly expectData: (index: number) => boolean) {}

  /** Feeds bytes; returns the replies they completed. Throws ProtocolViolation on garbage. */
  push(chunk: Buffer): ControlReply[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: ControlReply[] = [];
    let pos = 0;
    for (;;) {
      if (this.dataLength >= 0) {
        if (this.buffer.length - pos < this.dataLength) break;
        const reply = this.pending as { code: number; lines: string[] };
        out.push({ ...reply, data: Buffer.from(this.buffer.subarray(pos, pos + this.dataLength)) });
        pos += this.dataLength;
        this.dataLength = -1;
        this.awaitingData = false;
        this.pending = undefined;
        this.replies++;
        continue;
      }
      const lf = this.buffer.indexOf(LF, pos);
      if (lf < 0) {
        if (this.buffer.length - pos > 1 << 20)
          throw new ProtocolViolation('response line longer than 1 MiB');
        break;
      }
      const end = lf > pos && this.buffer[lf - 1] === CR ? lf - 1 : lf;
      const line = this.buffer.toString('latin1', pos, end);
      pos = lf + 1;
      if (!this.greeted) {
        if (!GREETING.test(line))
          throw new ProtocolViolation(`not a Click ControlSocket (it said '${line}')`);
        this.greeting = line;
        this.greeted = true;
        continue;
      }
      if (this.awaitingData) {
        if (!/^DATA \d+$/.test(line)) throw new ProtocolViolation(`expected 'DATA n', got '${line}'`);
        this.dataLength = Number(line.slice(5));
        continue;
      }
      const m = /^(\d{3})([ -])(.*)$/s.exec(line);
      if (!m) throw new ProtocolViolation(`malformed response line '${line}'`);
      const code = Number(m[1]);
      const reply = this.pending ?? { code, lines: [] };
      reply.lines.push(Buffer.from(m[3] as string, 'latin1').toString('utf8'));
      if (m[2] === '-') {
        this.pending = reply;
        continue;
      }
      reply.code = code;
      if (code < 300 && this.expectData(this.replies)) {
        this.pending = reply;
        this.awaitingData = true;
        continue;
      }
      this.pending = undefined;
      out.push(reply);
      this.replies++;
    }
    this.buffer = pos >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(pos);
    return out;
  }
}
