// Versions and version ranges of plugins and the engine: the subset of semver that manifests use
// (x.y.z, comparators >= > <= < =, ^ and ~, x wildcards, space for "and", || for "or").
type Triple = [number, number, number];

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/;

export function isVersion(v: string): boolean {
  return VERSION.test(v);
}

function triple(v: string): Triple | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

type Test = (v: Triple) => boolean;

// "1.2" -> lower bound [1,2,0], upper (exclusive) [1,3,0]; "*" -> unbounded.
function partial(text: string): { low: Triple; high: Triple | undefined } | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3]].map((p) =>
    p === undefined || p === 'x' || p === '*' ? undefined : Number(p),
  );
  const known = parts.indexOf(undefined);
  const n = known === -1 ? 3 : known;
  const low: Triple = [parts[0] ?? 0, n > 1 ? (parts[1] ?? 0) : 0, n > 2 ? (parts[2] ?? 0) : 0];
  if (n === 0) return { low, high: undefined };
  if (n === 3) return { low, high: [low[0], low[1], low[2] + 1] };
  const high: Triple = n === 1 ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0];
  return { low, high };
}

function comparator(text: string): Test | undefined {
  const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(text);
  if (!m) return undefined;
  const op = m[1] ?? '';
  const body = m[2] as string;
  const exact = triple(body);
  const range = partial(body);
  if (!exact && !range) return undefined;
  const low = exact ?? (range?.low as Triple);
  switch (op) {
    case '>=':
      return (v) => compare(v, low) >= 0;
    case '>':
      return exact
        ? (v) => compare(v, low) > 0
        : (v) => range?.high === undefined || compare(v, range.high) >= 0;
    case '<':
      return (v) => compare(v, low) < 0;
    case '<=':
      return exact
        ? (v) => compare(v, low) <= 0
        : (v) => range?.high === undefined || compare(v, range.high) < 0;
    case '^': {
      // Changes that keep the left-most non-zero part.
      const high: Triple =
        low[0] > 0 ? [low[0] + 1, 0, 0] : low[1] > 0 ? [0, low[1] + 1, 0] : [0, 0, low[2] + 1];
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    case '~': {
      const high: Triple = [low[0], low[1] + 1, 0];
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    default:
      if (exact) return (v) => compare(v, low) === 0;
      return (v) => compare(v, low) >= 0 && (range?.high === undefined || compare(v, range.high) < 0);
  }
}

function parseRange(range: string): Test[][] | undefined {
  const alternatives = range.split('||').map((a) => a.trim());
  const out: Test[][] = [];
  for (const alt of alternatives) {
    // Join an operator with the version after it ("> = 1" is not allowed, ">= 1.0.0" is).
    const tokens = alt
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (tokens.length === 0) return undefined;
    const tests: Test[] = [];
    for (const t of tokens) {
      const c = comparator(t);
      if (!c) return undefined;
      tests.push(c);
    }
    out.push(tests);
  }
  return out;
}

export function isVersionRange(range: string): boolean {
  return parseRange(range) !== undefined;
}

/** Whether `version` (x.y.z) is in `range`; false for a malformed range or version. */
export function satisfies(version: string, range: string): boolean {
  const v = triple(version);
  const r = parseRange(range);
  if (!v || !r) return false;
  return r.some((tests) => tests.every((t) => t(v)));
}

/** Negative, zero or positive as a is older than, the same as or newer than b. */
export function compareVersions(a: string, b: string): number {
  const x = triple(a);
  const y = triple(b);
  if (!x || !y) throw new Error(`not versions: ${a}, ${b}`);
  return compare(x, y);
}
