// Restart back-off: the first restart after a crash is quick, each further crash doubles the
// wait up to a ceiling, and an instance that ran long enough is forgiven its past crashes.

export interface BackoffOptions {
  /** The wait before the first restart; default 100 ms. */
  initialMs?: number;
  /** The longest wait; default 30 s. */
  maxMs?: number;
  /** An instance up at least this long starts again from initialMs; default 60 s. */
  resetAfterMs?: number;
}

export class Backoff {
  private crashes = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly resetAfterMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 30_000;
    this.resetAfterMs = options.resetAfterMs ?? 60_000;
  }

  /** Records a crash after `uptimeMs` of running and returns how long to wait before restarting. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.resetAfterMs) this.crashes = 0;
    this.crashes++;
    return Math.min(this.maxMs, this.initialMs * 2 ** (this.crashes - 1));
  }

  /** Crashes counted since the last reset. */
  get count(): number {
    return this.crashes;
  }
}
