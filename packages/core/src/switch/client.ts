// The host side of clickos-switch's control protocol (docs/switch.md): one JSON object per
// line each way. A ring port is attached on a connection of its own, which stays open as the
// port's lifeline: the switch frees the port when every copy of that connection is closed.
import { BackendError, Conflict, NotFound } from '../errors.js';
import { closeFds, FdSocket } from './fd-socket.js';

/** The default control socket: $CLICKOS_SWITCH_SOCKET, else /run/clickos/switch.sock (as the switch). */
export function defaultSwitchSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLICKOS_SWITCH_SOCKET || '/run/clickos/switch.sock';
}

export interface AttachOptions {
  switch: string;
  /** Ring slots, a power of two from 64 to 2048; default 256. */
  slots?: number;
  /** Largest frame, default 1518. */
  frame?: number;
  /** The port's name in listings, e.g. "fw1:0". */
  name?: string;
  /** A static MAC table entry for the port. */
  mac?: string;
}

/** A ring port's descriptors, in the order CLICKOS_NETFRONT_PORTS names them. */
export interface RingPortFds {
  mem: number;
  rxData: number;
  rxSpace: number;
  txData: number;
  txSpace: number;
}

/** An attached ring port: raw descriptors the caller owns until it calls release(). */
export interface RingPort {
  port: number;
  switch: string;
  fds: RingPortFds;
  /** The control connection that keeps the port alive. */
  lifeline: number;
}

/** Every descriptor of the port, lifeline last. */
export function ringPortDescriptors(p: RingPort): number[] {
  return [p.fds.mem, p.fds.rxData, p.fds.rxSpace, p.fds.txData, p.fds.txSpace, p.lifeline];
}

/** Closes the host's copies of the port's descriptors (the switch frees the port once no process holds them). */
export function releaseRingPort(p: RingPort): void {
  closeFds(ringPortDescriptors(p));
}

type Reply = Record<string, unknown> & { ok?: boolean; error?: string };

function failure(op: string, reply: Reply): Error {
  const why = typeof reply.error === 'string' ? reply.error : `${op} refused`;
  if (/\bno (switch|port|interface|entry)\b|not found|unknown/i.test(why))
    return new NotFound(`switch: ${why}`);
  if (/in use|already|exists|full|too many/i.test(why)) return new Conflict(`switch: ${why}`);
  return new BackendError(`switch: ${why}`);
}

export class SwitchClient {
  constructor(
    readonly socketPath: string = defaultSwitchSocket(),
    private readonly timeoutMs = 5000,
  ) {}

  private exchange(socket: FdSocket, request: object, fds: number[] = []): { reply: Reply; fds: number[] } {
    socket.sendLine(JSON.stringify(request), fds);
    const { line, fds: got } = socket.readLine();
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      closeFds(got);
      throw new BackendError(`switch at ${this.socketPath} sent a malformed reply: ${line.slice(0, 200)}`);
    }
    return { reply, fds: got };
  }

  /** One request on a connection of its own, closed afterwards. */
  request(request: { op: string } & Record<string, unknown>): Reply {
    const socket = FdSocket.connect(this.socketPath, this.timeoutMs);
    try {
      const { reply, fds } = this.exchange(socket, request);
      closeFds(fds);
      if (reply.ok !== true) throw failure(request.op, reply);
      return reply;
    } finally {
      socket.close();
    }
  }

  /** Asks for a new ring port; the caller owns its descriptors (see releaseRingPort). */
  attach(options: AttachOptions): RingPort {
    const request: Record<string, unknown> = {
      op: 'attach',
      switch: options.switch,
      slots: options.slots ?? 256,
      frame: options.frame ?? 1518,
      name: options.name ?? '',
    };
    if (options.mac) request.mac = options.mac;
    const socket = FdSocket.connect(this.socketPath, this.timeoutMs);
    let fds: number[] = [];
    try {
      const exchanged = this.exchange(socket, request);
      fds = exchanged.fds;
      if (exchanged.reply.ok !== true) throw failure('attach', exchanged.reply);
      if (fds.length !== 5) {
        throw new BackendError(`switch sent ${fds.length} descriptors for a ring port instead of 5`);
      }
      const [mem, rxData, rxSpace, txData, txSpace] = fds as [number, number, number, number, number];
      return {
        port: Number(exchanged.reply.port),
        switch: options.switch,
        fds: { mem, rxData, rxSpace, txData, txSpace },
        lifeline: socket.fd,
      };
    } catch (err) {
      closeFds(fds);
      socket.close();
      throw err;
    }
  }

  /**
   * Hands an existing ring port (its memfd and four events, in RingPortFds order) to a switch
   * that restarted and forgot it; the frames in its rings are kept. The port then lives as long
   * as the process behind `ownerPidfd` (the instance holding the port), not this connection.
   * Resolves with the port's new number. The caller keeps (and closes) its descriptors.
   */
  reattach(options: { switch: string; fds: RingPortFds; ownerPidfd: number; busy?: boolean }): number {
    const f = options.fds;
    const socket = FdSocket.connect(this.socketPath, this.timeoutMs);
    try {
      const { reply, fds } = this.exchange(
        socket,
        {
          op: 'reattach',
          switch: options.switch,
          owner: 'pidfd',
          ...(options.busy ? { busy: true } : {}),
        },
        [f.mem, f.rxData, f.rxSpace, f.txData, f.txSpace, options.ownerPidfd],
      );
      closeFds(fds);
      if (reply.ok !== true) throw failure('reattach', reply);
      return Number(reply.port);
    } finally {
      socket.close();
    }
  }

  detach(port: number): void {
    this.request({ op: 'detach', port });
  }

  /** Ports with their counters, of one switch or all. */
  ports(switchName?: string): Array<Record<string, unknown>> {
    const reply = this.request(switchName ? { op: 'ports', switch: switchName } : { op: 'ports' });
    return (reply.ports as Array<Record<string, unknown>>) ?? [];
  }

  switches(): Array<Record<string, unknown>> {
    return (this.request({ op: 'switches' }).switches as Array<Record<string, unknown>>) ?? [];
  }

  table(switchName: string): Array<Record<string, unknown>> {
    return (
      (this.request({ op: 'table', switch: switchName }).entries as Array<Record<string, unknown>>) ?? []
    );
  }

  tableAdd(switchName: string, mac: string, port: number): void {
    this.request({ op: 'table-add', switch: switchName, mac, port });
  }

  tableRemove(switchName: string, mac: string): void {
    this.request({ op: 'table-remove', switch: switchName, mac });
  }
}
