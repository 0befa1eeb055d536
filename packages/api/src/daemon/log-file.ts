// cosmosd's log file with size-based rotation: when a line would take the file past maxBytes,
// PATH becomes PATH.1 (PATH.1 becomes PATH.2, ... up to PATH.KEEP; the oldest goes) and a new
// PATH is started; a file already over the limit when the daemon opens it is rotated first.
// The current file keeps its name, so `tail -f` users and `cosmos` (which shows its last line
// when the daemon fails to start) find it where they always did. Writes are synchronous, so
// a fatal line logged just before the process exits is on disk.
//
// pino-roll was considered: it names the current file with a growing number (log.1, log.2,
// ... with a `current.log` symlink), which would move the file the CLI and the docs name.
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface LogRotation {
  /** Rotate before a write would take the file past this many bytes; 0: never rotate. */
  maxBytes: number;
  /** How many rotated files (PATH.1 ... PATH.KEEP) to keep; 0: none, the old lines are dropped. */
  keep: number;
}

export const DEFAULT_LOG_ROTATION: LogRotation = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/** A pino destination (anything with write(string)) appending to PATH with rotation. */
export class RotatingLogFile {
  private fd: number;
  private size: number;
  private closed = false;

  constructor(
    readonly path: string,
    readonly rotation: LogRotation = DEFAULT_LOG_ROTATION,
  ) {
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
    if (this.over(0)) this.rotate();
  }

  write(chunk: string): boolean {
    if (this.closed) return true; // the daemon has stopped
    const bytes = Buffer.from(chunk);
    try {
      if (this.fd < 0) this.reopen(); // a rotation could not open PATH again: try once more
      if (this.size > 0 && this.over(bytes.length)) {
        try {
          this.rotate();
        } catch {
          // Not rotated (an old file that cannot be moved): PATH grows past the limit rather
          // than lose the line.
        }
      }
      writeSync(this.fd, bytes);
      this.size += bytes.length;
    } catch {
      // A full disk or a removed directory loses log lines, never the daemon.
    }
    return true;
  }

  /** Shifts PATH.N to PATH.N+1 (dropping the last), PATH to PATH.1, and opens a new PATH. */
  rotate(): void {
    closeSync(this.fd);
    // The number is free now and the process may reuse it (the store, a socket): never again
    // write to it or close it, whatever fails below.
    this.fd = -1;
    try {
      const { keep } = this.rotation;
      rmSync(keep > 0 ? `${this.path}.${keep}` : this.path, { force: true });
      for (let n = keep - 1; n >= 1; n--) renameIfThere(`${this.path}.${n}`, `${this.path}.${n + 1}`);
      if (keep > 0) renameIfThere(this.path, `${this.path}.1`);
    } finally {
      this.reopen(); // PATH again: a new file, or the old one if it could not be moved
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.closed = true;
  }

  private reopen(): void {
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private over(adding: number): boolean {
    return this.rotation.maxBytes > 0 && this.size + adding > this.rotation.maxBytes;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
