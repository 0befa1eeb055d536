// clickos-run: Click's userlevel driver options, exit codes and error reporting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const binary = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin', 'clickos-run');
const dir = mkdtempSync(join(tmpdir(), 'clickos-run-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(binary, args, { encoding: 'utf8', input, timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('clickos-run', () => {
  it('runs an expression and reads handlers afterwards', () => {
    const r = run(['-e', 'InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> Discard', '-h', 'c.count']);
    expect(r).toMatchObject({ code: 0, stdout: '5\n', stderr: '' });
  });

  it('labels the results of several handlers', () => {
    const r = run([
      '-e',
      'InfiniteSource(LIMIT 3, LENGTH 10, STOP true) -> c :: Counter -> Discard',
      '-h',
      'c.count',
      '--handler=c.byte_count',
    ]);
    expect(r.stdout).toBe('c.count:\n3\n\nc.byte_count:\n30\n\n');
  });

  it('expands element globs in -h', () => {
    const r = run([
      '-e',
      'Idle -> c1 :: Counter -> Discard; Idle -> c2 :: Counter -> Discard',
      '-h',
      'c*.count',
    ]);
    expect(r.stdout).toBe('c1.count:\n0\n\nc2.count:\n0\n\n');
  });

  it('reads a file, takes definitions, and writes the flattened configuration', () => {
    const file = join(dir, 'limit.click');
    writeFileSync(
      file,
      'elementclass Src { $n | InfiniteSource(LIMIT $n, STOP true) -> output }\nSrc($N) -> c :: Counter -> Discard;\n',
    );
    const out = join(dir, 'flat.click');
    const r = run(['-f', file, 'N=7', '-o', out, '-h', 'c.count']);
    expect(r).toMatchObject({ code: 0, stdout: '7\n' });
    expect(readFileSync(out, 'utf8')).toBe(
      'Src@1/InfiniteSource@1 :: InfiniteSource(LIMIT 7, STOP true);\nc :: Counter;\nDiscard@3 :: Discard;\n\n' +
        'Src@1/InfiniteSource@1 -> c;\nc -> Discard@3;\n',
    );
  });

  it('reads the configuration from standard input', () => {
    const r = run(['-h', 'c.count'], 'InfiniteSource(LIMIT 2, STOP true) -> c :: Counter -> Discard;');
    expect(r).toMatchObject({ code: 0, stdout: '2\n' });
  });

  it('-q sets up without running', () => {
    const r = run([
      '-q',
      '-e',
      'InfiniteSource(LIMIT 2, STOP true) -> c :: Counter -> Discard',
      '-h',
      'c.count',
    ]);
    expect(r).toMatchObject({ code: 0, stdout: '0\n' });
  });

  it('-x exits with a handler value', () => {
    expect(run(['-e', 'Idle -> q :: Queue(3) -> Discard', '-q', '-x', 'q.capacity']).code).toBe(3);
    expect(run(['-e', 'i :: InfiniteSource(ACTIVE false) -> Discard', '-q', '-x', 'i.active']).code).toBe(1);
  });

  it('-t prints timing on stderr', () => {
    const r = run(['-t', '-e', 'InfiniteSource(LIMIT 10, STOP true) -> Discard']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\d+\.\d+u \d+\.\d+s \d+\.\d+ real\n$/);
  });

  it('reports configuration errors with file:line:col and exits 1', () => {
    const file = join(dir, 'bad.click');
    writeFileSync(file, 'Idle -> q :: Queue(lots) -> Discard;\nx :: Frob;\n');
    const r = run([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${file}:2:1: unknown element class 'Frob' (element 'x')\n`);
    const bad = run(['-e', 'Idle -> q :: Queue(lots) -> Discard']);
    expect(bad).toMatchObject({ code: 1, stderr: '<expr>:1:20: q :: Queue: CAPACITY: expected integer\n' });
    const syntax = run(['-e', 'a :: ;']);
    expect(syntax).toMatchObject({
      code: 1,
      stderr: "<expr>:1:6: syntax error: expected class name or '{' after '::', found ';'\n",
    });
  });

  it('reports bad usage with exit code 2', () => {
    expect(run(['--frobnicate'])).toMatchObject({
      code: 2,
      stderr: "clickos-run: unknown option '--frobnicate'\nTry 'clickos-run --help'.\n",
    });
    expect(run(['-h'])).toMatchObject({ code: 2 });
    expect(run(['-e', 'Idle', 'extra.click']).code).toBe(2);
  });

  it('reports missing files and unknown handlers', () => {
    const r = run([join(dir, 'missing.click')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing.click: No such file or directory');
    const h = run(['-q', '-e', 'Idle -> Discard', '-h', 'nobody.count']);
    expect(h).toMatchObject({ code: 1, stderr: "clickos-run: nobody.count: no element named 'nobody'\n" });
  });

  it('prints help and version', () => {
    expect(run(['--help']).stdout).toContain('Usage: clickos-run');
    expect(run(['--version']).stdout).toMatch(/^clickos-run \(ClickOS-TS\) \d+\.\d+\.\d+\n$/);
  });
});
