// Checking a configuration whose element packages may not be loadable in this process: a
// configuration that requires packages is checked by `clickos-run --check` with the package
// path (vendor code never runs inside the control plane); others by the engine in-process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, parse } from '../lang/index.js';
import type { CheckResult, Diagnostic } from '../lang/types.js';
import { locateRunProgram } from './toolchain.js';

export interface PackageCheckOptions {
  filename: string;
  definitions: Record<string, string>;
  /** Directories searched for element packages (before $CLICKOS_PACKAGE_PATH). */
  packagePath?: string[];
}

const LOCATED = /^(.*?):(\d+):(\d+): (.*)$/;

export function checkConfig(text: string, options: PackageCheckOptions): CheckResult {
  const parsed = parse(text, { filename: options.filename, definitions: options.definitions });
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const needsPackages = parsed.graph.requirements.some((r) => r.kind === 'package');
  let runner: string | undefined;
  try {
    runner = needsPackages ? locateRunProgram() : undefined;
  } catch {
    runner = undefined; // the in-process check then says which package it cannot load
  }
  if (!runner) return check(text, { filename: options.filename, definitions: options.definitions });
  const dir = mkdtempSync(join(tmpdir(), 'clickos-check-'));
  try {
    const file = join(dir, 'config.click');
    writeFileSync(file, text);
    const args = ['--check', '-w', ...(options.packagePath ?? []).flatMap((d) => ['-P', d]), '-f', file];
    for (const [k, v] of Object.entries(options.definitions)) args.push(`${k}=${v}`);
    const r = spawnSync(runner, args, { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return { ok: true, diagnostics: [] };
    const lines = `${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim().split('\n').filter(Boolean);
    const diagnostics: Diagnostic[] = lines.map((raw) => {
      const line = raw.split(file).join(options.filename);
      const m = LOCATED.exec(line);
      return {
        severity: 'error',
        file: m ? (m[1] as string) : options.filename,
        line: m ? Number(m[2]) : 0,
        col: m ? Number(m[3]) : 0,
        message: m ? (m[4] as string) : line,
        text: line,
      } as Diagnostic;
    });
    return { ok: false, diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
