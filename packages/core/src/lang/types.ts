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

/** An element class the engine provides. */
export interface ElementClass {
  name: string;
  [property: string]: unknown;
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
