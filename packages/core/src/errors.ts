// Typed errors of the ClickOS control plane, and their single mapping to process exit codes.
import type { Diagnostic } from './lang/types.js';

/** Stable machine-readable error codes, shared by the CLI's and the API's JSON outputs. */
export type ErrorCode = 'CONFIG' | 'USAGE' | 'NOT_FOUND' | 'CONFLICT' | 'BACKEND' | 'INTERNAL';

/** Base class: every error the library throws on purpose is a ClickOSError with a `code`. */
export class ClickOSError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration that does not parse or check; `diagnostics` hold every message with its location. */
export class ConfigError extends ClickOSError {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[], options?: ErrorOptions) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super('CONFIG', (errors.length > 0 ? errors : diagnostics).map((d) => d.text).join('\n'), options);
    this.diagnostics = diagnostics;
  }
}

/** The caller asked for something that does not exist (a configuration file, a middlebox...). */
export class NotFound extends ClickOSError {
  constructor(message: string, options?: ErrorOptions) {
    super('NOT_FOUND', message, options);
  }
}

/** The request clashes with the current state (a name already in use, an instance not running...). */
export class Conflict extends ClickOSError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFLICT', message, options);
  }
}

/** The native engine, an instance or its backend (process, switch, cgroups) is missing or failed. */
export class BackendError extends ClickOSError {
  constructor(message: string, options?: ErrorOptions) {
    super('BACKEND', message, options);
  }
}

/**
 * A handler refused the call: a write handler rejected its value, a read handler failed, or
 * the handler cannot be used that way. `status` is the ControlSocket code (520, 530...), `lines`
 * the handler's own messages. It is a usage error: the request, not the system, is at fault.
 */
export class HandlerError extends ClickOSError {
  readonly status: number;
  readonly lines: string[];

  constructor(message: string, status: number, lines: string[] = [], options?: ErrorOptions) {
    super('USAGE', message, options);
    this.status = status;
    this.lines = lines;
  }
}

/**
 * A running instance cannot take the new configuration in place (its sandbox cannot open what
 * the configuration needs): it keeps its old configuration until it is restarted with the new one.
 */
export class RestartRequired extends ClickOSError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFLICT', message, options);
  }
}

/** The request itself is malformed (a bad option value, a definition without '='...). */
export class UsageError extends ClickOSError {
  constructor(message: string, options?: ErrorOptions) {
    super('USAGE', message, options);
  }
}

/**
 * Process exit codes, the one place they are defined:
 *   0  success
 *   1  the configuration has errors (ConfigError), like Click's own tools
 *   2  bad usage: unknown option, missing argument, malformed value (UsageError)
 *   3  something named does not exist (NotFound)
 *   4  conflicts with the current state (Conflict)
 *   5  the native engine is missing or failed (BackendError)
 *   70 anything else: a bug (EX_SOFTWARE from sysexits.h)
 */
export const ExitCode = {
  Ok: 0,
  Config: 1,
  Usage: 2,
  NotFound: 3,
  Conflict: 4,
  Backend: 5,
  Internal: 70,
} as const;

const exitCodes: Record<ErrorCode, number> = {
  CONFIG: ExitCode.Config,
  USAGE: ExitCode.Usage,
  NOT_FOUND: ExitCode.NotFound,
  CONFLICT: ExitCode.Conflict,
  BACKEND: ExitCode.Backend,
  INTERNAL: ExitCode.Internal,
};

/** The exit code a command-line tool should return after `err`; see ExitCode. */
export function exitCodeFor(err: unknown): number {
  return err instanceof ClickOSError ? exitCodes[err.code] : ExitCode.Internal;
}
