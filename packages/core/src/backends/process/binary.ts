// Where the clickos-instance program is: $CLICKOS_INSTANCE_BIN, else $CLICKOS_BUILD_DIR/bin, else
// native/build/bin in the nearest directory above this module (as the engine library is found).
import { existsSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../../errors.js';

export const INSTANCE_PROGRAM = 'clickos-instance';

/** The program's path, or undefined when it is not built. */
export function findInstanceBinary(
  env: NodeJS.ProcessEnv = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  if (env.CLICKOS_INSTANCE_BIN) {
    const p = resolve(env.CLICKOS_INSTANCE_BIN);
    return existsSync(p) ? p : undefined;
  }
  if (env.CLICKOS_BUILD_DIR) {
    const p = join(resolve(env.CLICKOS_BUILD_DIR), 'bin', INSTANCE_PROGRAM);
    return existsSync(p) ? p : undefined;
  }
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'native', 'build', 'bin', INSTANCE_PROGRAM);
    if (existsSync(candidate)) return candidate;
    if (dir === parsePath(dir).root) return undefined;
  }
}

export function locateInstanceBinary(env: NodeJS.ProcessEnv = process.env): string {
  const found = findInstanceBinary(env);
  if (!found) {
    throw new BackendError(
      `${INSTANCE_PROGRAM} is not built: run \`npm run build\` at the repository root, or set ` +
        'CLICKOS_INSTANCE_BIN (or CLICKOS_BUILD_DIR) to where it is',
    );
  }
  return found;
}
