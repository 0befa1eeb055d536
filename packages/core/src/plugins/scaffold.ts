// `cosmos plugin new NAME`: a vendor plugin from the templates in packages/core/templates/plugin
// (manifest, configuration, one native element, golden tests) that builds and passes its tests as
// generated.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Conflict } from '../errors.js';
import { validate } from '../instances/spec.js';
import { PluginName } from './manifest.js';

const templates = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'plugin');

/** The element API version the engine headers provide (CLICKOS_ELEMENT_API_VERSION). */
export function elementApiVersion(sdkIncludeDir: string): number {
  const text = readFileSync(join(sdkIncludeDir, 'clickos', 'element.hh'), 'utf8');
  const m = /^#define CLICKOS_ELEMENT_API_VERSION (\d+)/m.exec(text);
  if (!m) throw new Error(`${sdkIncludeDir}/clickos/element.hh does not define CLICKOS_ELEMENT_API_VERSION`);
  return Number(m[1]);
}

export interface ScaffoldResult {
  dir: string;
  files: string[];
  className: string;
  packageName: string;
}

/** Writes a new plugin named `name` into `dir` (which must not exist or be empty). */
export function scaffoldPlugin(name: string, dir: string, options: { apiVersion: number }): ScaffoldResult {
  validate(PluginName, name, 'plugin name');
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Conflict(`${target} exists and is not empty: choose another directory`);
  }
  const id = name.replace(/-/g, '_');
  const camel = name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  const className = `${camel}Filter`;
  const values: Record<string, string> = {
    __NAME__: name,
    __NAME_ID__: `${id}_plugin`,
    __PACKAGE__: `${id}_elements`,
    __CLASS__: className,
    __FILE__: className.toLowerCase(),
    __API_VERSION__: String(options.apiVersion),
  };
  const fill = (text: string) => text.replace(/__[A-Z_]+?__/g, (k) => values[k] ?? k);
  const files: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      const src = join(from, entry);
      const dst = join(to, fill(entry).replace(/\.tmpl$/, ''));
      if (statSync(src).isDirectory()) {
        copy(src, dst);
        continue;
      }
      mkdirSync(to, { recursive: true });
      writeFileSync(dst, fill(readFileSync(src, 'utf8')));
      files.push(dst);
    }
  };
  copy(templates, target);
  return { dir: target, files: files.sort(), className, packageName: values.__PACKAGE__ as string };
}
