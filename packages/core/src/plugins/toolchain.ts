// The programs a plugin install uses: the SDK's CMake helper and the engine's clickos-run (to
// check configurations whose element packages must be loaded, outside this process so that a
// vendor's code never runs inside the control plane).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../errors.js';

const here = dirname(fileURLToPath(import.meta.url));

function upward(relative: string): string | undefined {
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dir === parsePath(dir).root) return undefined;
  }
}

/** native/sdk (the CMake helper), from $CLICKOS_SDK_DIR or the nearest directory above. */
export function locateSdk(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CLICKOS_SDK_DIR ? resolve(env.CLICKOS_SDK_DIR) : upward(join('native', 'sdk'));
  if (!dir || !existsSync(join(dir, 'ClickOSPlugin.cmake'))) {
    throw new BackendError(
      'the ClickOS plugin SDK (native/sdk/ClickOSPlugin.cmake) is not found: set CLICKOS_SDK_DIR',
    );
  }
  return dir;
}

/** clickos-run: $CLICKOS_RUN_BIN, $CLICKOS_BUILD_DIR/bin, or native/build/bin above this module. */
export function locateRunProgram(env: NodeJS.ProcessEnv = process.env): string {
  let p: string | undefined;
  if (env.CLICKOS_RUN_BIN) p = resolve(env.CLICKOS_RUN_BIN);
  else if (env.CLICKOS_BUILD_DIR) p = join(resolve(env.CLICKOS_BUILD_DIR), 'bin', 'clickos-run');
  else p = upward(join('native', 'build', 'bin', 'clickos-run'));
  if (!p || !existsSync(p)) {
    throw new BackendError(
      'clickos-run is not built: run `npm run build`, or set CLICKOS_RUN_BIN (or CLICKOS_BUILD_DIR)',
    );
  }
  return p;
}

function run(cmd: string, args: string[], what: string, cwd?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, maxBuffer: 16 << 20 });
  if (r.error) throw new BackendError(`${what}: cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new BackendError(`${what} failed:\n${out}`);
  }
  return r.stdout;
}

export interface ElementBuild {
  package: string;
  apiVersion: number;
  version: string;
  /** Absolute paths of the sources. */
  sources: string[];
}

/**
 * Builds the element package with the SDK's CMake helper into `outputDir/<package>.so`;
 * `workDir` holds the generated project and the build tree. Errors carry the compiler's output.
 */
export function buildElementPackage(build: ElementBuild, outputDir: string, workDir: string): string {
  const sdk = locateSdk();
  const project = join(workDir, 'project');
  mkdirSync(project, { recursive: true });
  mkdirSync(outputDir, { recursive: true });
  const quote = (s: string) => `"${s.replace(/\\/g, '/').replace(/"/g, '\\"')}"`;
  writeFileSync(
    join(project, 'CMakeLists.txt'),
    [
      'cmake_minimum_required(VERSION 3.20)',
      `project(clickos_plugin_${build.package} LANGUAGES CXX)`,
      `include(${quote(join(sdk, 'ClickOSPlugin.cmake'))})`,
      `clickos_add_element_package(${build.package} API_VERSION ${build.apiVersion} VERSION ${quote(build.version)}`,
      `  OUTPUT_DIRECTORY ${quote(outputDir)}`,
      `  SOURCES ${build.sources.map(quote).join(' ')})`,
      '',
    ].join('\n'),
  );
  const tree = join(workDir, 'build');
  const what = `building element package ${build.package}`;
  run('cmake', ['-S', project, '-B', tree, '-DCMAKE_BUILD_TYPE=Release'], what);
  run('cmake', ['--build', tree], what);
  const lib = join(outputDir, `${build.package}.so`);
  if (!existsSync(lib)) throw new BackendError(`${what}: ${lib} was not produced`);
  return lib;
}
