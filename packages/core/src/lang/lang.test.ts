import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFound, UsageError } from '../errors.js';
import {
  check,
  checkFile,
  elementClasses,
  engineVersion,
  flatten,
  flattenFile,
  parse,
  parseFile,
} from './index.js';

const edges = (source: string) =>
  parse(source).graph.connections.map((c) => `${c.from}[${c.fromPort}] -> [${c.toPort}]${c.to}`);

describe('parse', () => {
  it('returns the declared elements and their connection', () => {
    const result = parse('a :: Idle; b :: Discard; a -> b;');
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(result.graph.elements.map(({ name, class: cls, config }) => ({ name, cls, config }))).toEqual([
      { name: 'a', cls: 'Idle', config: '' },
      { name: 'b', cls: 'Discard', config: '' },
    ]);
    expect(result.graph.connections).toMatchObject([{ from: 'a', fromPort: 0, to: 'b', toPort: 0 }]);
    expect(result.graph.elements[1]?.loc).toEqual({ file: '<config>', line: 1, col: 12 });
  });

  it('names anonymous elements Class@N, N counting the elements declared before in the scope', () => {
    expect(parse('InfiniteSource -> Queue -> Discard').graph.elements.map((e) => e.name)).toEqual([
      'InfiniteSource@1',
      'Queue@2',
      'Discard@3',
    ]);
    expect(edges('InfiniteSource -> Queue -> Discard')).toEqual([
      'InfiniteSource@1[0] -> [0]Queue@2',
      'Queue@2[0] -> [0]Discard@3',
    ]);
    expect(parse('a :: Idle; Queue -> a;').graph.elements.map((e) => e.name)).toEqual(['a', 'Queue@2']);
  });

  it('keeps port numbers and configuration strings', () => {
    expect(edges('a :: Tee; a [1] -> [2] b :: Discard; a -> b;')).toEqual(['a[0] -> [0]b', 'a[1] -> [2]b']);
    expect(parse('s :: InfiniteSource(LIMIT 5, DATA "x y");').graph.elements[0]?.config).toBe(
      'LIMIT 5, DATA "x y"',
    );
  });

  it('expands compound elements into prefixed primitive elements', () => {
    const source = 'elementclass Foo { input -> q :: Queue -> output }\nsrc :: Idle -> f :: Foo -> Discard;';
    const { graph } = parse(source);
    expect(graph.elements.map((e) => `${e.name} :: ${e.class}`)).toEqual([
      'src :: Idle',
      'f/q :: Queue',
      'Discard@3 :: Discard',
    ]);
    expect(edges(source)).toEqual(['src[0] -> [0]f/q', 'f/q[0] -> [0]Discard@3']);
  });

  it('reports a redeclaration with its line and column', () => {
    const result = parse('a :: Idle;\na :: Idle;', { filename: 'dup.click' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toEqual({
      severity: 'error',
      file: 'dup.click',
      line: 2,
      col: 1,
      message: "redeclaration of element 'a'",
      text: "dup.click:2:1: redeclaration of element 'a'",
    });
  });

  it('reports a NUL byte where it is instead of ignoring what follows', () => {
    const result = parse('a :: Idle;\n b\0c :: Idle;');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ severity: 'error', line: 2, col: 3 }]);
  });

  it('handles a chain of 200000 anonymous elements', () => {
    const result = flatten(`Idle${' -> Idle'.repeat(199_999)}`);
    expect(result.ok).toBe(true);
    expect(result.text.startsWith('Idle@1 :: Idle;\nIdle@2 :: Idle;\n')).toBe(true);
    expect(result.text.endsWith('\nIdle@199999 -> Idle@200000;\n')).toBe(true);
    expect(result.text.split('\n')).toHaveLength(200_000 + 1 + 199_999 + 1);
  });

  it('returns bounded diagnostics for binary garbage', () => {
    let seed = 12345;
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = (seed >>> 16) & 0xff || 1; // no NUL: let the engine see every byte
    }
    const result = parse(garbage);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.length).toBeLessThanOrEqual(1000);
    for (const d of result.diagnostics) expect(d.text).toContain(d.message);
    expect(parse(Buffer.from([0xff, 0xfe, 0, 1, 2])).ok).toBe(false);
  });
});

describe('definitions', () => {
  it('substitute $NAME', () => {
    const result = flatten('s :: InfiniteSource(LIMIT $N) -> Discard;', { definitions: { N: '5' } });
    expect(result.ok).toBe(true);
    expect(result.text).toContain('s :: InfiniteSource(LIMIT 5);');
  });

  it('leave an undefined $x an error', () => {
    const result = check('s :: InfiniteSource(LIMIT $x);', { syntaxOnly: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('$x');
    expect(result.diagnostics[0]).toMatchObject({ line: 1, col: 27 });
  });

  it('reject names the engine could not read back', () => {
    expect(() => parse('a :: Idle;', { definitions: { 'A=B': '1' } })).toThrow(UsageError);
    expect(() => parse('a :: Idle;', { definitions: { '': '1' } })).toThrow(UsageError);
  });
});

describe('flatten', () => {
  it('returns Click text with primitive elements, then connections', () => {
    const result = flatten('a :: Idle; b :: Discard; a -> b;');
    expect(result).toEqual({ ok: true, diagnostics: [], text: 'a :: Idle;\nb :: Discard;\n\na -> b;\n' });
  });

  it('returns no text when the configuration has errors', () => {
    const result = flatten('a :: Idle -> ;');
    expect(result.ok).toBe(false);
    expect(result.text).toBe('');
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('check', () => {
  it('accepts a valid configuration, with or without the class checks', () => {
    expect(check('a :: Idle -> Discard;', { syntaxOnly: true })).toEqual({ ok: true, diagnostics: [] });
    const full = check('a :: Idle -> Discard;');
    expect(full.ok).toBe(true);
    expect(full.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickos-core-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are named by their path in diagnostics', async () => {
    const path = join(dir, 'bad.click');
    writeFileSync(path, 'a :: Idle;\na :: Idle;\n');
    const result = await checkFile(path, { syntaxOnly: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.text).toBe(`${path}:2:1: redeclaration of element 'a'`);
    expect(new ConfigError(result.diagnostics).message).toBe(`${path}:2:1: redeclaration of element 'a'`);
  });

  it('parse and flatten with definitions', async () => {
    const path = join(dir, 'ok.click');
    writeFileSync(path, 's :: InfiniteSource(LIMIT $N) -> Discard;\n');
    const parsed = await parseFile(path, { definitions: { N: '3' } });
    expect(parsed.graph.elements[0]).toMatchObject({ name: 's', config: 'LIMIT 3', loc: { file: path } });
    expect((await flattenFile(path, { definitions: { N: '3' } })).text).toContain('LIMIT 3');
  });

  it('that do not exist throw NotFound', async () => {
    await expect(parseFile(join(dir, 'missing.click'))).rejects.toThrow(NotFound);
    await expect(checkFile(join(dir, 'missing.click'))).rejects.toThrow(/missing\.click' not found/);
    await expect(flattenFile(dir)).rejects.toThrow(UsageError);
  });
});

describe('engine', () => {
  it('tells its version and element classes', () => {
    expect(engineVersion()).toMatch(/^\d+\.\d+\.\d+/);
    const classes = elementClasses();
    const names = classes.map((c) => c.name);
    for (const n of ['Counter', 'Discard', 'Idle', 'InfiniteSource', 'Queue', 'Unqueue'])
      expect(names).toContain(n);
    const queue = classes.find((c) => c.name === 'Queue');
    expect(queue).toMatchObject({ portCount: '1/1', processing: 'h/l', package: '', category: 'storage' });
    expect(queue?.documentation.handlers.map((h) => h.name)).toContain('drops');
    expect(queue?.documentation.args[0]).toMatchObject({ name: 'CAPACITY' });
  });

  it('checks configurations against the element classes', () => {
    const bad = check('Idle -> Frob -> q :: Queue(lots) -> Discard;', { filename: 'c.click' });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.text)).toEqual(["c.click:1:9: unknown element class 'Frob'"]);
    const badArg = check('Idle -> q :: Queue(lots) -> Discard;', { filename: 'c.click' });
    expect(badArg.diagnostics.map((d) => d.text)).toEqual([
      'c.click:1:20: q :: Queue: CAPACITY: expected integer',
    ]);
    const pushPull = check('Idle -> q :: Queue -> Queue -> Discard;', { filename: 'c.click' });
    expect(pushPull.diagnostics.map((d) => d.text)).toEqual([
      "c.click:1:20: pull output 0 of 'q :: Queue' connected to push input 0 of 'Queue@3 :: Queue'",
    ]);
    expect(check('Idle -> q :: Queue(lots) -> Discard;', { syntaxOnly: true }).ok).toBe(true);
    expect(check('Idle -> q :: Queue(5) -> Discard;').ok).toBe(true);
  });
});
