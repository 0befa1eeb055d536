import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'cosmos-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const okFile = file('ok.click', 'src :: InfiniteSource(LIMIT $N) -> q :: Queue -> Discard;\n');
const badFile = file('bad.click', 'a :: Idle;\na :: Idle;\n');

async function cosmos(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { out: (t) => stdout.push(t), err: (t) => stderr.push(t) });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('cosmos config check', () => {
  it('accepts a valid file', async () => {
    const r = await cosmos('config', 'check', '--syntax', okFile, 'N=5');
    expect(r).toEqual({ code: 0, stdout: `${okFile}: ok\n`, stderr: '' });
  });

  it('prints warnings but still succeeds', async () => {
    const r = await cosmos('config', 'check', '-D', 'N=5', okFile);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${okFile}: ok\n`);
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/warning: |note: /);
  });

  it('reports errors as file:line:col: message and exits 1', async () => {
    const r = await cosmos('config', 'check', badFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`${badFile}:2:1: redeclaration of element 'a'`);
  });

  it('reports an undefined parameter when its definition is missing', async () => {
    const r = await cosmos('config', 'check', '--syntax', okFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${okFile}:1:`);
    expect(r.stderr).toContain('$N');
  });

  it('prints the result as JSON', async () => {
    const ok = await cosmos('config', 'check', '--syntax', '--json', okFile, 'N=1');
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, diagnostics: [] });
    const bad = await cosmos('config', 'check', '--json', badFile);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('');
    const result = JSON.parse(bad.stdout);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', file: badFile, line: 2, col: 1 });
  });

  it('says clearly that a file is missing', async () => {
    const missing = join(dir, 'missing.click');
    const r = await cosmos('config', 'check', missing);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: configuration file '${missing}' not found\n`);
    const json = await cosmos('config', 'check', '--json', missing);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rejects bad usage with exit status 2', async () => {
    expect((await cosmos('config', 'check', '--bogus', okFile)).code).toBe(2);
    expect((await cosmos('config', 'check')).code).toBe(2);
    expect((await cosmos('config', 'check', '-D', 'N', okFile)).code).toBe(2);
    const extra = await cosmos('config', 'check', okFile, badFile);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('NAME=VALUE');
  });
});

describe('cosmos config flatten', () => {
  it('prints the flat configuration', async () => {
    const r = await cosmos('config', 'flatten', okFile, 'N=5');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'src :: InfiniteSource(LIMIT 5);\nq :: Queue;\nDiscard@3 :: Discard;\n\nsrc -> q;\nq -> Discard@3;\n',
    );
  });

  it('writes it with -o', async () => {
    const out = join(dir, 'flat.click');
    const r = await cosmos('config', 'flatten', '-D', 'N=7', '-o', out, okFile);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toContain('src :: InfiniteSource(LIMIT 7);');
  });

  it('writes nothing when the configuration has errors', async () => {
    const out = join(dir, 'never.click');
    const r = await cosmos('config', 'flatten', badFile, '-o', out);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('prints the result as JSON', async () => {
    const r = await cosmos('config', 'flatten', '--json', okFile, 'N=5');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, text: expect.stringContaining('LIMIT 5') });
  });
});

describe('cosmos config graph', () => {
  it('lists elements, then connections', async () => {
    const r = await cosmos('config', 'graph', okFile, 'N=5');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'elements (3):',
        '  src :: InfiniteSource(LIMIT 5)',
        '  q :: Queue',
        '  Discard@3 :: Discard',
        'connections (2):',
        '  src[0] -> [0]q',
        '  q[0] -> [0]Discard@3',
        '',
      ].join('\n'),
    );
  });

  it('prints the graph as JSON', async () => {
    const r = await cosmos('config', 'graph', '--json', okFile, 'N=5');
    const result = JSON.parse(r.stdout);
    expect(result.graph.connections).toMatchObject([
      { from: 'src', to: 'q' },
      { from: 'q', to: 'Discard@3' },
    ]);
  });
});

describe('cosmos elements', () => {
  it('lists the engine element classes with their summaries', async () => {
    const json = await cosmos('elements', '--json');
    expect(json.code).toBe(0);
    const { classes } = JSON.parse(json.stdout) as { classes: { name: string; summary: string }[] };
    expect(classes.map((c) => c.name)).toContain('Counter');
    const text = await cosmos('elements');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Counter +counts packets and bytes passing through$/m);
  });

  it('documents one class', async () => {
    const r = await cosmos('elements', 'Queue');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Queue([CAPACITY])');
    expect(r.stdout).toMatch(/handlers:\n(.*\n)*\s+drops\s+\(read\)/);
    const missing = await cosmos('elements', 'NoSuchElement');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(
      "error: no element class 'NoSuchElement' (see `cosmos elements` for the list)\n",
    );
  });
});

describe('help', () => {
  const commands = [
    [],
    ['config'],
    ['config', 'check'],
    ['config', 'flatten'],
    ['config', 'graph'],
    ['elements'],
  ];

  it.each(commands)('of %s has an example', async (...path: string[]) => {
    const r = await cosmos(...path, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ cosmos ${path.join(' ')}`.trim());
  });

  it('is shown, as a usage error, when no command is given', async () => {
    const r = await cosmos();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: cosmos');
  });
});
