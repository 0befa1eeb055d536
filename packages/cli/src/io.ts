// Where the CLI writes: the process's streams, or buffers when a test runs it in-process.

export interface Io {
  /** Results: text for people or, with --json, one JSON document. */
  out(text: string): void;
  /** Diagnostics and errors. */
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Shared by every command: the streams, and the exit code of the command that ran. */
export interface CliContext {
  io: Io;
  exitCode: number;
}
