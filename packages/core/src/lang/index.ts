// The Click language services: parse, flatten and check configurations. Everything is done by the
// native engine; this module only marshals arguments and types the results.
import { UsageError } from '../errors.js';
import { loadEngine } from '../native/library.js';
import { DEFAULT_FILENAME, encodeDefinitions, encodeSource, readConfigFile } from './source.js';
import type {
  CheckOptions,
  CheckResult,
  ConfigGraph,
  Diagnostic,
  ElementClass,
  FlattenResult,
  LangOptions,
  ParseResult,
} from './types.js';

export type * from './types.js';

type Source = string | Uint8Array;

interface Request {
  bytes: Buffer;
  filename: string;
  definitions: string[];
}

function request(source: Source, options: LangOptions): Request {
  const filename = options.filename || DEFAULT_FILENAME;
  if (filename.includes('\0')) throw new UsageError('invalid filename: it contains a NUL byte');
  return { bytes: encodeSource(source), filename, definitions: encodeDefinitions(options.definitions) };
}

// Every diagnostic gets its `text` line, including the engine's internal errors that lack one.
function withText(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (typeof d.text === 'string') return d;
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file || DEFAULT_FILENAME;
    return { ...d, text: `${where}: ${d.severity === 'error' ? '' : `${d.severity}: `}${d.message}` };
  });
}

function emptyGraph(): ConfigGraph {
  return { elements: [], connections: [], requirements: [], provisions: [] };
}

/** Parses and flattens `source` into its graph of primitive elements and connections. */
export function parse(source: Source, options: LangOptions = {}): ParseResult {
  const req = request(source, options);
  const result = loadEngine().parse(req.bytes, req.filename, req.definitions) as ParseResult;
  return { ok: result.ok, diagnostics: withText(result.diagnostics), graph: result.graph ?? emptyGraph() };
}

/** Flattens `source` into Click text: primitive elements only, parameters substituted. */
export function flatten(source: Source, options: LangOptions = {}): FlattenResult {
  const req = request(source, options);
  const result = loadEngine().flatten(req.bytes, req.filename, req.definitions) as FlattenResult;
  return { ok: result.ok, diagnostics: withText(result.diagnostics), text: result.text ?? '' };
}

/** Checks `source`; with `syntaxOnly`, skips the checks that need the element classes. */
export function check(source: Source, options: CheckOptions = {}): CheckResult {
  const req = request(source, options);
  const syntaxOnly = options.syntaxOnly ?? false;
  const result = loadEngine().check(req.bytes, req.filename, req.definitions, syntaxOnly) as CheckResult;
  return { ok: result.ok, diagnostics: withText(result.diagnostics) };
}

/** parse() of a file, named by its path in diagnostics; throws NotFound if it does not exist. */
export async function parseFile(
  path: string,
  options: Omit<LangOptions, 'filename'> = {},
): Promise<ParseResult> {
  return parse(await readConfigFile(path), { ...options, filename: path });
}

/** flatten() of a file, named by its path in diagnostics; throws NotFound if it does not exist. */
export async function flattenFile(
  path: string,
  options: Omit<LangOptions, 'filename'> = {},
): Promise<FlattenResult> {
  return flatten(await readConfigFile(path), { ...options, filename: path });
}

/** check() of a file, named by its path in diagnostics; throws NotFound if it does not exist. */
export async function checkFile(
  path: string,
  options: Omit<CheckOptions, 'filename'> = {},
): Promise<CheckResult> {
  return check(await readConfigFile(path), { ...options, filename: path });
}

type RawElementClass = Omit<ElementClass, 'documentation'> & { documentation?: string };

const noDocumentation: ElementClass['documentation'] = { description: '', args: [], handlers: [], see: [] };

/** The element classes the engine provides, sorted by name, with their documentation. */
export function elementClasses(): ElementClass[] {
  const result = loadEngine().elementClasses() as { classes?: RawElementClass[] };
  return (result.classes ?? []).map((c) => {
    let documentation = noDocumentation;
    try {
      documentation = { ...noDocumentation, ...(JSON.parse(c.documentation || '{}') as object) };
    } catch {
      // an engine bug: keep the class, without documentation
    }
    return { ...c, documentation };
  });
}

/** The engine's version string, e.g. "0.1.0". */
export function engineVersion(): string {
  return loadEngine().version();
}
