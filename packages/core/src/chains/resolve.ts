// Plugin instances of a chain made concrete: `plugin: NAME[/CONFIG]` with `params:` becomes the
// plugin configuration's Click text, its parameters checked against the manifest and turned
// into definitions (defaults filled in), and the plugin's labels. Every problem (an unknown
// plugin or configuration, an unknown, bad or missing parameter) is a diagnostic carrying the
// path of the field it is about, so a reader of the chain file can point at its line and column.
import { ClickOSError, ConfigError } from '../errors.js';
import type { Diagnostic } from '../lang/types.js';
import { pluginConfig } from '../plugins/manifest.js';
import { checkParams } from '../plugins/params.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ChainValue, ResolvedChain, ResolvedInstance } from './schema.js';

/** What resolving needs of the plugin registry. */
export type PluginSource = Pick<PluginRegistry, 'find' | 'list' | 'resolve'>;

/** A diagnostic about a field of the chain document: `path` names it (instances.0.params.RATE). */
export interface ChainDiagnostic extends Diagnostic {
  path: PropertyKey[];
}

/** A diagnostic without a position yet: `FILE: PATH: message` (the chain file's reader locates it). */
export function fieldDiagnostic(file: string, path: PropertyKey[], message: string): ChainDiagnostic {
  const where = path.length ? `${path.join('.')}: ` : '';
  return {
    severity: 'error',
    message: `${where}${message}`,
    file,
    line: 0,
    col: 0,
    text: `${file}: ${where}${message}`,
    path,
  };
}

/**
 * The chain with every plugin instance resolved through `plugins` (the installed plugins).
 * Throws a ConfigError listing every problem, each naming the instance and the field.
 */
export function resolveChain(chain: ChainValue, plugins: PluginSource | undefined): ResolvedChain {
  const file = chain.source ?? `chain ${chain.chain}`;
  const problems: ChainDiagnostic[] = [];
  const instances = chain.instances.map((inst, n): ResolvedInstance => {
    if (inst.plugin === undefined) return { ...inst, text: inst.text ?? '' };
    const at = (path: PropertyKey[], message: string) =>
      problems.push(fieldDiagnostic(file, ['instances', n, ...path], `instance ${inst.name}: ${message}`));
    const slash = inst.plugin.indexOf('/');
    const name = slash < 0 ? inst.plugin : inst.plugin.slice(0, slash);
    const configName = slash < 0 ? undefined : inst.plugin.slice(slash + 1);
    if (!plugins) {
      at(['plugin'], `plugin '${name}' cannot be resolved here: no plugin registry`);
      return { ...inst, text: '' };
    }
    const installed = plugins.find(name);
    if (!installed) {
      const names = plugins.list().map((p) => p.manifest.name);
      at(
        ['plugin'],
        `no plugin named '${name}' is installed (${names.length ? `installed: ${names.join(', ')}` : 'none is'}; cosmos plugin install PATH)`,
      );
      return { ...inst, text: '' };
    }
    let config: ReturnType<typeof pluginConfig>;
    try {
      config = pluginConfig(installed.manifest, configName);
    } catch (err) {
      at(['plugin'], (err as Error).message);
      return { ...inst, text: '' };
    }
    const [cname, spec] = config;
    const given = inst.params ?? {};
    const { issues } = checkParams(name, cname, spec, given);
    for (const i of issues) {
      at(i.kind === 'missing' ? ['params'] : ['params', i.param], `plugin ${name}/${cname}: ${i.message}`);
    }
    if (issues.length) return { ...inst, text: '' };
    try {
      const r = plugins.resolve(name, { config: cname, params: given });
      return {
        ...inst,
        text: r.text,
        filename: r.filename,
        definitions: r.definitions,
        labels: { ...inst.labels, ...r.labels },
      };
    } catch (err) {
      if (!(err instanceof ClickOSError)) throw err;
      at(['plugin'], err.message);
      return { ...inst, text: '' };
    }
  });
  if (problems.length) throw new ConfigError(problems);
  return { ...chain, instances };
}
