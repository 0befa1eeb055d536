// Finds the native engine (libclickos), loads it once with koffi and declares its C ABI
// (native/engine/capi/clickos.h). Every char* the engine returns is malloc'd JSON: it is decoded
// and released with clickos_free() before the call returns, so nothing leaks whatever happens.
import { existsSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi, { type LibraryHandle } from 'koffi';
import { BackendError } from '../errors.js';

/** The C ABI this package is written against (CLICKOS_ABI_VERSION in clickos.h). */
export const EXPECTED_ABI_VERSION = 1;

export const LIBRARY_FILE = `libclickos${koffi.extension}`;

/** Where the native build puts the library, relative to the repository root. */
const BUILD_OUTPUT = join('native', 'build', 'lib', LIBRARY_FILE);

export interface NativeEngine {
  /** Absolute path of the loaded library. */
  readonly path: string;
  readonly abiVersion: number;
  version(): string;
  /** `source` is the configuration's bytes; `definitions` are "NAME=value" strings. */
  parse(source: Uint8Array, filename: string, definitions: string[]): unknown;
  flatten(source: Uint8Array, filename: string, definitions: string[]): unknown;
  check(source: Uint8Array, filename: string, definitions: string[], syntaxOnly: boolean): unknown;
  elementClasses(): unknown;
}

/**
 * The library to load: $CLICKOS_LIB if set, else native/build/lib/libclickos.so in the nearest
 * directory above this module (this works from src/ under vitest and from dist/ once built).
 */
export function locateLibrary(
  env: NodeJS.ProcessEnv = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  const override = env.CLICKOS_LIB;
  if (override) {
    const path = resolve(override);
    if (!existsSync(path)) {
      throw new BackendError(`CLICKOS_LIB is set to ${path}, which does not exist`);
    }
    return path;
  }
  const searched: string[] = [];
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, BUILD_OUTPUT);
    if (existsSync(candidate)) return candidate;
    searched.push(candidate);
    if (dir === parsePath(dir).root) break;
  }
  throw new BackendError(
    `the ClickOS native engine (${LIBRARY_FILE}) is not built: run \`npm run build\` at the repository root, ` +
      `or set CLICKOS_LIB to its path (looked for ${searched[0] ?? BUILD_OUTPUT} and in the directories above)`,
  );
}

/** Throws a BackendError unless the library speaks the ABI this package expects. */
export function assertAbiVersion(actual: number, path: string): void {
  if (actual !== EXPECTED_ABI_VERSION) {
    throw new BackendError(
      `${path} implements ClickOS ABI ${actual}, but @clickos/core needs ABI ${EXPECTED_ABI_VERSION}: ` +
        'rebuild the engine and the packages together with `npm run build`',
    );
  }
}

/** Loads the library at `path` and declares its functions; each call loads it again (see loadEngine). */
export function openLibrary(path: string): NativeEngine {
  let lib: LibraryHandle;
  try {
    lib = koffi.load(path);
  } catch (err) {
    throw new BackendError(`cannot load ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const abiVersion = lib.func('int clickos_abi_version(void)');
    assertAbiVersion(abiVersion() as number, path);
    const version = lib.func('const char *clickos_version(void)');
    const free = lib.func('void clickos_free(void *json)');
    const parse = lib.func(
      'void *clickos_lang_parse(const uint8_t *source, size_t length, const char *filename, const char **definitions, int count)',
    );
    const flatten = lib.func(
      'void *clickos_lang_flatten(const uint8_t *source, size_t length, const char *filename, const char **definitions, int count)',
    );
    const check = lib.func(
      'void *clickos_lang_check(const uint8_t *source, size_t length, const char *filename, const char **definitions, int count, int syntax_only)',
    );
    const elementClasses = lib.func('void *clickos_element_classes(void)');

    // Copies the returned JSON into a JS string, then releases the C memory in every case.
    const takeJson = (pointer: unknown): unknown => {
      if (pointer === null || pointer === undefined) {
        throw new BackendError('the ClickOS engine returned no result (out of memory?)');
      }
      let json: string;
      try {
        json = koffi.decode(pointer, 'char', -1) as string;
      } finally {
        free(pointer);
      }
      try {
        return JSON.parse(json);
      } catch (err) {
        throw new BackendError(`the ClickOS engine returned malformed JSON: ${(err as Error).message}`, {
          cause: err,
        });
      }
    };

    return {
      path,
      abiVersion: EXPECTED_ABI_VERSION,
      version: () => version() as string,
      parse: (source, filename, defs) => takeJson(parse(source, source.length, filename, defs, defs.length)),
      flatten: (source, filename, defs) =>
        takeJson(flatten(source, source.length, filename, defs, defs.length)),
      check: (source, filename, defs, syntaxOnly) =>
        takeJson(check(source, source.length, filename, defs, defs.length, syntaxOnly ? 1 : 0)),
      elementClasses: () => takeJson(elementClasses()),
    };
  } catch (err) {
    lib.unload();
    if (err instanceof BackendError) throw err;
    throw new BackendError(`${path} is not a ClickOS engine: ${(err as Error).message}`, { cause: err });
  }
}

let engine: NativeEngine | undefined;

/** The engine, loaded on first use and shared by the whole process. */
export function loadEngine(): NativeEngine {
  engine ??= openLibrary(locateLibrary());
  return engine;
}
