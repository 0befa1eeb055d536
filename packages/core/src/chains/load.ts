// Reading a chain file (YAML or JSON: JSON is read by the same YAML parser, so both get
// positions): every problem is reported as FILE:LINE:COL: PATH: message, at the node the bad
// field is (or at its parent when the field is missing). Configuration files named by
// `config:` are read relative to the chain file and inlined; `plugin:` instances stay as they
// are (the daemon resolves them), and the problems it finds in them are located afterwards by
// the path they carry (loadChainFile's `relocate`).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { ConfigError, NotFound } from '../errors.js';
import type { Diagnostic } from '../lang/types.js';
import type { ChainDiagnostic } from './resolve.js';
import { Chain, ChainFile, type ChainValue } from './schema.js';

type Doc = ReturnType<typeof parseDocument>;

function diagnostic(file: string, line: number, column: number, message: string): Diagnostic {
  return {
    severity: 'error',
    message,
    file,
    line,
    col: column,
    text: `${file}:${line}:${column}: ${message}`,
  };
}

// The position of the deepest node on `path` that exists.
function positionOf(doc: Doc, lines: LineCounter, path: PropertyKey[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

function issuesToDiagnostics(file: string, doc: Doc, lines: LineCounter, error: z.ZodError): Diagnostic[] {
  return error.issues.map((i) => {
    const { line, col } = positionOf(doc, lines, i.path);
    const where = i.path.length ? `${i.path.join('.')}: ` : '';
    return diagnostic(file, line, col, `${where}${i.message}`);
  });
}

/** A chain file read: the chain, and where each field of it is written. */
export interface ChainDocument {
  chain: ChainValue;
  /** Line and column of the field at `path` (of its deepest written parent when it is missing). */
  locate(path: PropertyKey[]): { line: number; col: number };
  /**
   * `err` with the diagnostics that name a field of this chain (those the daemon finds, such
   * as a bad plugin parameter) located in the file: FILE:LINE:COL: PATH: message.
   */
  relocate(err: unknown): unknown;
}

/** Parses and checks a chain file's text; `file` names it in errors, `baseDir` resolves config files. */
export function parseChain(text: string, file: string, baseDir = dirname(resolve(file))): ChainValue {
  return readChain(text, file, baseDir).chain;
}

/** parseChain, keeping the positions of the file's fields for later errors. */
export function readChain(text: string, file: string, baseDir = dirname(resolve(file))): ChainDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const p = e.linePos?.[0] ?? { line: 1, col: 1 };
        const first = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
        return diagnostic(file, p.line, p.col, first);
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // Aliases are resolved here: one whose anchor is missing, or so many that the document
    // would blow up, is a fault of the file (located at that alias, else the first one).
    let at: { line: number; col: number } | undefined;
    visit(doc, {
      Alias(_key, node) {
        const here = node.range ? lines.linePos(node.range[0]) : undefined;
        at ??= here;
        if (here && node.resolve(doc) === undefined) {
          at = here;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    const p = at ?? { line: 1, col: 1 };
    throw new ConfigError([diagnostic(file, p.line, p.col, (err as Error).message)]);
  }
  const parsed = ChainFile.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(issuesToDiagnostics(file, doc, lines, parsed.error));
  const problems: Diagnostic[] = [];
  const instances = parsed.data.instances.map((inst, n) => {
    const { config, text: inline, ...rest } = inst;
    if (rest.plugin !== undefined) return rest;
    if (inline !== undefined) return { ...rest, text: inline, filename: `${file}#${inst.name}` };
    const path = resolve(baseDir, config as string);
    try {
      return { ...rest, text: readFileSync(path, 'utf8'), filename: config as string };
    } catch (err) {
      const { line, col } = positionOf(doc, lines, ['instances', n, 'config']);
      problems.push(
        diagnostic(
          file,
          line,
          col,
          `instances.${n}.config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        ),
      );
      return { ...rest, text: '' };
    }
  });
  if (problems.length) throw new ConfigError(problems);
  const chain = Chain.safeParse({ ...parsed.data, source: file, instances });
  if (!chain.success) throw new ConfigError(issuesToDiagnostics(file, doc, lines, chain.error));
  const locate = (path: PropertyKey[]) => positionOf(doc, lines, path);
  const relocate = (err: unknown): unknown => {
    if (!(err instanceof ConfigError)) return err;
    let moved = false;
    const diagnostics = err.diagnostics.map((d) => {
      const path = (d as Partial<ChainDiagnostic>).path;
      if (!Array.isArray(path) || d.file !== file || d.line !== 0) return d;
      moved = true;
      const { line, col } = locate(path);
      return diagnostic(file, line, col, d.message);
    });
    return moved ? new ConfigError(diagnostics) : err;
  };
  return { chain: chain.data, locate, relocate };
}

/** Reads and checks the chain file at `path`. */
export function loadChain(path: string): ChainValue {
  return loadChainFile(path).chain;
}

/** loadChain, keeping the positions of the file's fields (see ChainDocument). */
export function loadChainFile(path: string): ChainDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFound(`cannot read '${path}': ${(err as Error).message}`);
  }
  return readChain(text, path);
}
