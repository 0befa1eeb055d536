// A client of Click's ControlSocket over a unix socket: one persistent connection per
// instance, commands pipelined (replies come back in order), handler values as bytes.
import { connect, type Socket } from 'node:net';
import { BackendError, HandlerError, NotFound } from '../errors.js';
import {
  type ControlReply,
  ControlStatus,
  encodeCommand,
  encodeRead,
  encodeWrite,
  ReplyDecoder,
} from './protocol.js';

export interface ConnectOptions {
  /** Give up connecting (and waiting for the greeting) after this long; default 2000 ms. */
  timeoutMs?: number;
  /** Wait for the server's greeting (the default) or only for the connection. */
  waitForGreeting?: boolean;
}

interface Pending {
  resolve: (reply: ControlReply) => void;
  reject: (err: Error) => void;
  read: boolean;
  timer?: NodeJS.Timeout;
}

/** Turns a failed handler reply into the typed error it means. */
export function replyError(what: string, reply: ControlReply): Error {
  const detail = reply.lines.join('\n');
  if (reply.code === ControlStatus.NoElement || reply.code === ControlStatus.NoHandler) {
    return new NotFound(`${what}: ${detail}`);
  }
  return new HandlerError(`${what}: ${detail}`, reply.code, reply.lines);
}

export class ControlClient {
  private readonly pending: Pending[] = [];
  private readonly decoder: ReplyDecoder;
  private closedError: Error | undefined;
  private readonly closeListeners: Array<(err: Error | undefined) => void> = [];

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
  ) {
    this.decoder = new ReplyDecoder((i) => this.pending[i - this.answered]?.read ?? false);
  }

  private answered = 0; // replies received so far (the decoder counts from the start)
  private greeted: (() => void) | undefined;

  /**
   * Connects to the ControlSocket at `path` and waits for its greeting (or, with
   * `waitForGreeting: false`, only for the connection: a frozen instance greets once thawed,
   * and commands sent meanwhile are answered then).
   */
  static connect(path: string, options: ConnectOptions = {}): Promise<ControlClient> {
    const timeoutMs = options.timeoutMs ?? 2000;
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.setNoDelay?.(true);
      const client = new ControlClient(socket, path);
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!err) {
          resolve(client);
          return;
        }
        client.close();
        reject(new BackendError(`cannot reach the control socket ${path}: ${err.message}`, { cause: err }));
      };
      const timer = setTimeout(() => settle(new Error(`no greeting within ${timeoutMs} ms`)), timeoutMs);
      client.greeted = () => settle();
      client.onClose((err) => settle(err ?? new Error('closed')));
      if (options.waitForGreeting === false) socket.once('connect', () => settle());
      client.listen();
    });
  }

  /** The protocol version the server announced, e.g. "1.3". */
  get version(): string {
    return (this.decoder.greeting ?? '').replace(/^.*\//, '');
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /** Called once when the connection ends (`err` says why, undefined after close()). */
  onClose(listener: (err: Error | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  private listen(): void {
    this.socket.on('data', (chunk: Buffer) => {
      let replies: ControlReply[];
      try {
        replies = this.decoder.push(chunk);
      } catch (err) {
        this.fail(new BackendError(`${this.path}: ${(err as Error).message}`, { cause: err }));
        return;
      }
      if (this.greeted && this.decoder.greeting !== undefined) {
        this.greeted();
        this.greeted = undefined;
      }
      for (const reply of replies) {
        const p = this.pending.shift();
        this.answered++;
        if (!p) {
          this.fail(new BackendError(`${this.path}: a reply nobody asked for`));
          return;
        }
        if (p.timer) clearTimeout(p.timer);
        p.resolve(reply);
      }
    });
    this.socket.on('error', (err) =>
      this.fail(new BackendError(`${this.path}: ${err.message}`, { cause: err })),
    );
    this.socket.on('close', () => this.fail(new BackendError(`${this.path}: the control connection closed`)));
  }

  private fail(err: Error, byUs = false): void {
    if (this.closedError) return;
    this.closedError = err;
    this.socket.destroy();
    for (const p of this.pending.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    for (const l of this.closeListeners) l(byUs ? undefined : err);
  }

  /** Sends raw command bytes and resolves with the reply, whatever its code. */
  request(bytes: Buffer, read: boolean, timeoutMs?: number): Promise<ControlReply> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject, read };
      if (timeoutMs !== undefined) {
        p.timer = setTimeout(() => this.expire(`no reply within ${timeoutMs} ms`), timeoutMs);
      }
      this.pending.push(p);
      this.socket.write(bytes);
    });
  }

  /** A read handler's value as bytes; NotFound for a missing element or handler, HandlerError otherwise. */
  async readBytes(handler: string, params?: string | Buffer): Promise<Buffer> {
    const reply = await this.request(encodeRead(handler, params), true);
    if (reply.code >= 300) throw replyError(`read ${handler}`, reply);
    return reply.data ?? Buffer.alloc(0);
  }

  /** A read handler's value as text. */
  async read(handler: string, params?: string | Buffer): Promise<string> {
    return (await this.readBytes(handler, params)).toString('utf8');
  }

  /** Calls a write handler; resolves with its warnings (if any). */
  async write(handler: string, value: string | Buffer = ''): Promise<string[]> {
    const reply = await this.request(encodeWrite(handler, value), false);
    if (reply.code >= 300) throw replyError(`write ${handler}`, reply);
    return reply.code === ControlStatus.OkWarnings ? reply.lines.slice(1) : [];
  }

  /** Whether the handler exists and can be read (or written). */
  async check(handler: string, mode: 'read' | 'write'): Promise<boolean> {
    const reply = await this.request(
      encodeCommand(mode === 'read' ? 'CHECKREAD' : 'CHECKWRITE', handler),
      false,
    );
    return reply.code === ControlStatus.Ok;
  }

  /** Gives up on a server that did not answer in time: the connection closes, pending commands fail with `why`. */
  expire(why: string): void {
    this.fail(new BackendError(`${this.path}: ${why}`));
  }

  /** Closes the connection; pending commands fail. */
  close(): void {
    this.fail(new BackendError(`${this.path}: the control connection was closed`), true);
  }
}
