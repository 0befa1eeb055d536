// An instance reports configuration errors as "file:line:col: message" lines (the engine's
// format); this turns them back into the Diagnostics the language services return.
import type { Diagnostic, Severity } from '../lang/types.js';

const LOCATED = /^(.*?):(\d+):(\d+): (?:(warning|note): )?(.*)$/s;

export function diagnosticsFromLines(lines: string[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const text of lines) {
    if (text.trim() === '') continue;
    const m = LOCATED.exec(text);
    if (m) {
      const severity = (m[4] as Severity | undefined) ?? 'error';
      out.push({
        severity,
        file: m[1] as string,
        line: Number(m[2]),
        col: Number(m[3]),
        message: m[5] as string,
        text,
      });
    } else {
      const warning = /^warning: /.exec(text);
      out.push({
        severity: warning ? 'warning' : 'error',
        file,
        line: 0,
        col: 0,
        message: warning ? text.slice(9) : text,
        text: `${file}: ${text}`,
      });
    }
  }
  return out;
}
