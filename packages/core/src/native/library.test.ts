import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendError } from '../errors.js';
import { check } from '../lang/index.js';
import {
  assertAbiVersion,
  EXPECTED_ABI_VERSION,
  LIBRARY_FILE,
  loadEngine,
  locateLibrary,
  openLibrary,
} from './library.js';

describe('locateLibrary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickos-lib-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the native build above this module', () => {
    const path = locateLibrary({});
    expect(path.endsWith(join('native', 'build', 'lib', LIBRARY_FILE))).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it('prefers CLICKOS_LIB', () => {
    const real = locateLibrary({});
    expect(locateLibrary({ CLICKOS_LIB: real }, dir)).toBe(real);
    expect(() => locateLibrary({ CLICKOS_LIB: join(dir, 'nope.so') })).toThrow(
      /CLICKOS_LIB .*does not exist/,
    );
  });

  it('tells the user to build when there is no library', () => {
    expect(() => locateLibrary({}, dir)).toThrow(BackendError);
    expect(() => locateLibrary({}, dir)).toThrow(/run `npm run build`/);
  });

  it('rejects a file that is not a loadable library', () => {
    const fake = join(dir, LIBRARY_FILE);
    writeFileSync(fake, 'not a shared library');
    expect(() => openLibrary(fake)).toThrow(BackendError);
  });
});

describe('engine', () => {
  it('speaks the expected ABI and is loaded once', () => {
    const engine = loadEngine();
    expect(engine.abiVersion).toBe(EXPECTED_ABI_VERSION);
    expect(loadEngine()).toBe(engine);
    expect(() => assertAbiVersion(EXPECTED_ABI_VERSION, engine.path)).not.toThrow();
    expect(() => assertAbiVersion(EXPECTED_ABI_VERSION + 1, engine.path)).toThrow(BackendError);
  });

  it('releases every result: 10000 calls do not grow the resident set unboundedly', () => {
    // Each result holds the 8 kB parameter name twice (message and text): leaking them all
    // would take more than 160 MB.
    const source = `x :: Idle($${'x'.repeat(8 * 1024)});`;
    const call = () => check(source, { syntaxOnly: true });
    for (let i = 0; i < 200; i++) call();
    const before = process.memoryUsage().rss;
    let failures = 0;
    for (let i = 0; i < 10_000; i++) if (!call().ok) failures++;
    const growth = process.memoryUsage().rss - before;
    expect(failures).toBe(10_000);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });
});
