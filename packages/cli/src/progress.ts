// A progress bar on stderr for long operations (create --count N), only on a terminal.
import type { Io } from './io.js';

export class Progress {
  private done = 0;
  private failed = 0;
  private lastDraw = 0;

  constructor(
    private readonly io: Io,
    private readonly total: number,
    private readonly label: string,
    private readonly enabled = Boolean(process.stderr.isTTY),
  ) {}

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    const now = Date.now();
    if (this.enabled && (now - this.lastDraw > 50 || this.done === this.total)) {
      this.lastDraw = now;
      this.draw();
    }
  }

  private draw(): void {
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const failed = this.failed ? `, ${this.failed} failed` : '';
    this.io.err(
      `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}${failed}`,
    );
    if (this.done === this.total) this.io.err('\n');
  }
}
