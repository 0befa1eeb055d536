// Shapes of the Click language services' results, as the native engine's C ABI returns them (ABI 1).

export type Severity = 'error' | 'warning' | 'note';

/** Where something was written: file, 1-based line and column (columns count bytes); 0 when unknown. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic extends Location {
  severity: Severity;
  message: string;
  /** "file:line:col: message", the way compilers print it (warnings and notes say so). */
  text: string;
}

/** A primitive element of the flattened configuration; compound elements are expanded away. */
export interface FlatElement {
  /** Declared name, or `Class@N` for an anonymous element. */
  name: string;
  class: string;
  /** Configuration string with parameters substituted; '' when none. */
  config: string;
  loc: Location;
}

export interface FlatConnection {
  from: string;
  fromPort: number;
  to: string;
  toPort: number;
  loc: Location;
}

/** A `require(...)` or `provide(...)` statement; `kind` is 'package' when none is written. */
export interface Requirement {
  kind: string;
  name: string;
  loc: Location;
}

export interface ConfigGraph {
  elements: FlatElement[];
  /** Sorted, without repeats. */
  connections: FlatConnection[];
  requirements: Requirement[];
  provisions: Requirement[];
}

/** Every language service answers with `ok` (no error diagnostics) and all its diagnostics. */
export interface CheckResult {
  ok: boolean;
  diagnostics: Diagnostic[];
}

export interface ParseResult extends CheckResult {
  /** The flattened graph; partial when `ok` is false. */
  graph: ConfigGraph;
}

export interface FlattenResult extends CheckResult {
  /** The flattened configuration as Click text; '' when `ok` is false. */
  text: string;
}

/** One documented argument or handler of an element class. */
export interface ElementDocEntry {
  name: string;
  /** For arguments their type, for handlers their mode ("read", "write", "read/write"). */
  kind: string;
  text: string;
}

/** An element class the engine provides, with the documentation from its header. */
export interface ElementClass {
  name: string;
  /** Click's port count syntax, e.g. "1/1", "1/-". */
  portCount: string;
  /** Click's processing code, e.g. "a/a" (agnostic), "h/l" (push in, pull out). */
  processing: string;
  /** The element package that provides it; '' for built-in classes. */
  package: string;
  /** A third-party library the class needs (e.g. "pcap"), '' if none. */
  requiresLibrary: string;
  synopsis: string;
  category: string;
  summary: string;
  ports: string;
  documentation: {
    description: string;
    args: ElementDocEntry[];
    handlers: ElementDocEntry[];
    see: string[];
  };
}

export interface LangOptions {
  /** Name used in diagnostics, and to find `require(library ...)` files next to it. */
  filename?: string;
  /** Click's command-line definitions: `{ NAME: 'value' }` gives `$NAME` the value 'value'. */
  definitions?: Record<string, string>;
}

export interface CheckOptions extends LangOptions {
  /** Check the syntax only, not what depends on the element classes. */
  syntaxOnly?: boolean;
}
