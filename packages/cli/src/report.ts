// How results and errors reach the operator: diagnostics as compiler-style lines on stderr,
// one JSON document on stdout with --json, and an exit code from @clickos/core's single mapping.
import {
  type CheckResult,
  ClickOSError,
  ConfigError,
  type Diagnostic,
  ExitCode,
  exitCodeFor,
} from '@clickos/core';
import type { CliContext, Io } from './io.js';

export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

export function printDiagnostics(io: Io, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${d.text}\n`);
}

/**
 * Shows a language-service result: the whole result with --json, otherwise its diagnostics on
 * stderr and, when it is ok, what `onSuccess` prints. Returns the exit code.
 */
export function showResult<R extends CheckResult>(
  io: Io,
  json: boolean | undefined,
  result: R,
  onSuccess: (result: R) => void,
): number {
  if (json) {
    printJson(io, result);
  } else {
    printDiagnostics(io, result.diagnostics);
    if (result.ok) onSuccess(result);
  }
  return result.ok ? ExitCode.Ok : ExitCode.Config;
}

/** Prints `err` as one line (diagnostics for a ConfigError) and returns its exit code. */
export function reportError(io: Io, err: unknown, json: boolean | undefined): number {
  const known = err instanceof ClickOSError;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError) {
    printDiagnostics(io, err.diagnostics);
  } else if (known) {
    // One line: a handler's own messages follow its status line.
    io.err(`error: ${message.split('\n').filter(Boolean).join(' ')}\n`);
  } else {
    io.err(
      `error: internal error: ${message}${process.env.COSMOS_DEBUG ? '' : ' (set COSMOS_DEBUG=1 for details)'}\n`,
    );
    if (process.env.COSMOS_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  }
  if (json) {
    const diagnostics = err instanceof ConfigError ? { diagnostics: err.diagnostics } : {};
    printJson(io, { ok: false, error: { code: known ? err.code : 'INTERNAL', message, ...diagnostics } });
  }
  return exitCodeFor(err);
}

/** Runs a command's body and records its exit code; errors are reported, never thrown. */
export async function run(ctx: CliContext, json: boolean | undefined, body: () => Promise<number> | number) {
  try {
    ctx.exitCode = await body();
  } catch (err) {
    ctx.exitCode = reportError(ctx.io, err, json);
  }
}
