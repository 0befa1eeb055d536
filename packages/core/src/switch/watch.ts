// Notices when the switch goes away and comes back: one idle connection to its control socket,
// which a switch that ends (killed or not) closes. While there is no switch, connecting is
// retried with back-off. Every connection made emits 'up' (the first too: the switch may have
// restarted while nobody watched); a lost one emits 'down'. Nothing here keeps Node running.
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface SwitchWatchOptions {
  /** First retry after this long without a switch; default 100 ms, doubling. */
  initialRetryMs?: number;
  /** Retries at most this far apart; default 2000 ms. */
  maxRetryMs?: number;
}

export class SwitchWatch extends EventEmitter {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private closed = false;
  /** Connections made so far (each one a switch that answered, perhaps a new one). */
  connections = 0;
  connected = false;

  constructor(
    readonly socketPath: string,
    private readonly options: SwitchWatchOptions = {},
  ) {
    super();
    this.retryMs = options.initialRetryMs ?? 100;
  }

  start(): void {
    if (!this.closed && !this.socket && !this.timer) this.connect();
  }

  private connect(): void {
    this.timer = undefined;
    if (this.closed) return;
    const s = connect(this.socketPath);
    this.socket = s;
    s.unref();
    s.on('connect', () => {
      this.connected = true;
      this.connections++;
      this.retryMs = this.options.initialRetryMs ?? 100;
      this.emit('up');
    });
    s.on('data', () => undefined); // the switch never writes unasked
    s.on('error', () => undefined); // 'close' follows
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = undefined;
      const was = this.connected;
      this.connected = false;
      if (was) this.emit('down');
      if (this.closed) return;
      this.timer = setTimeout(() => this.connect(), was ? 0 : this.retryMs);
      this.timer.unref();
      if (!was) this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 2000);
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.socket?.destroy();
    this.socket = undefined;
  }
}
