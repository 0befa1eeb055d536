// Turns configurations and definitions into what the C ABI takes, and reads configuration files.
import { readFile } from 'node:fs/promises';
import { NotFound, UsageError } from '../errors.js';

/** The name the engine gives a configuration that has no filename. */
export const DEFAULT_FILENAME = '<config>';

/** The configuration's bytes as the engine takes them (with their length: NUL bytes included). */
export function encodeSource(source: string | Uint8Array): Buffer {
  return typeof source === 'string' ? Buffer.from(source, 'utf8') : Buffer.from(source);
}

/** `{ NAME: 'value' }` as the "NAME=value" strings Click's drivers take on their command line. */
export function encodeDefinitions(definitions: Record<string, string> | undefined): string[] {
  return Object.entries(definitions ?? {}).map(([name, value]) => {
    if (name === '' || name.includes('=') || name.includes('\0')) {
      throw new UsageError(`invalid definition name '${name}': expected NAME=value`);
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new UsageError(`invalid value for definition '${name}': expected a string without NUL bytes`);
    }
    return `${name}=${value}`;
  });
}

/** The bytes of a configuration file; a missing file is a NotFound, a directory a UsageError. */
export async function readConfigFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new NotFound(`configuration file '${path}' not found`, { cause: err });
    }
    if (code === 'EISDIR')
      throw new UsageError(`'${path}' is a directory, not a configuration file`, { cause: err });
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(`cannot read configuration file '${path}': permission denied`, { cause: err });
    }
    throw err;
  }
}
