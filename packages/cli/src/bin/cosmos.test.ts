// Runs the built command as operators do: a child process, its exit status and its streams.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/bin/cosmos.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cosmos-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const okFile = join(dir, 'ok.click');
const badFile = join(dir, 'bad.click');
writeFileSync(okFile, 'a :: Idle; b :: Discard; a -> b;\n');
writeFileSync(badFile, 'a :: Idle;\na :: Idle;\n');

function cosmos(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cosmos (built)', () => {
  it('exits 0 for a valid configuration', () => {
    expect(cosmos(['config', 'check', '--syntax', okFile])).toEqual({
      code: 0,
      stdout: `${okFile}: ok\n`,
      stderr: '',
    });
  });

  it('exits 1 with file:line:col: message for an invalid one', () => {
    const r = cosmos(['config', 'check', badFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${badFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: redeclaration`),
    );
  });

  it('prints one line, no stack trace, for a missing file', () => {
    const r = cosmos(['config', 'flatten', join(dir, 'missing.click')]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an unknown option', () => {
    const r = cosmos(['elements', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('prints parseable JSON', () => {
    const r = cosmos(['config', 'graph', '--json', okFile]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).graph.elements).toHaveLength(2);
  });

  it('exits 5 when the engine library is missing', () => {
    const r = cosmos(['config', 'check', okFile], { CLICKOS_LIB: join(dir, 'libclickos.so') });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^error: CLICKOS_LIB is set to .*, which does not exist\n$/);
  });
});
