// The plugin registry: installs plugins into a directory under the state dir (one directory per
// plugin version, element packages linked into one package directory that instances search),
// records them in the control store, and resolves a plugin configuration with its parameters.
//
// An install builds and checks everything in a staging directory first; only the final rename
// and the store record change what is installed, so a failed step leaves nothing behind.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { BackendError, ConfigError, Conflict, NotFound, UsageError } from '../errors.js';
import type { InstanceManager } from '../instances/manager.js';
import type { CreateSpecInput } from '../instances/spec.js';
import { engineVersion, parse } from '../lang/index.js';
import type { Store } from '../store/store.js';
import { type PluginManifest, parseManifest, pluginConfig } from './manifest.js';
import { resolveParams, sampleValue } from './params.js';
import { elementApiVersion } from './scaffold.js';
import { checkConfig } from './check.js';
import { buildElementPackage, locateSdk } from './toolchain.js';
import { satisfies } from './versions.js';

/** Labels that tie an instance to the plugin configuration it was created from. */
export const PLUGIN_LABEL = 'plugin';
export const PLUGIN_VERSION_LABEL = 'plugin.version';
export const PLUGIN_CONFIG_LABEL = 'plugin.config';

export interface InstalledPlugin {
  manifest: PluginManifest;
  /** The plugin's installed directory. */
  path: string;
  installedAt: string;
}

export interface ResolvedPluginConfig {
  plugin: string;
  version: string;
  config: string;
  /** The Click text and the definitions ($NAME) to install with it. */
  text: string;
  definitions: Record<string, string>;
  /** The name configuration errors are reported under. */
  filename: string;
  /** Labels to give the instance (see PLUGIN_LABEL). */
  labels: Record<string, string>;
}

export interface PluginChangeOptions {
  /**
   * When running or suspended instances use the plugin: refuse (false, the default) or drain
   * them (stop them; after an upgrade they get the new version's configuration and start again).
   */
  drain?: boolean;
  /** Stops, reinstalls and starts the instances that use the plugin (an InstanceManager, or cosmosd's API). */
  instances?: Pick<InstanceManager, 'stop' | 'start' | 'install'>;
}

export interface InstallProgress {
  /** Called at each step of a long install (fetch, build, check), for progress output. */
  onStep?: (step: string) => void;
}

export interface PluginRegistryOptions {
  store: Store;
  /** Where plugins are installed, e.g. <state dir>/plugins. */
  dir: string;
}

const SKIP = new Set(['node_modules', '.git', 'build', 'dist', '.turbo', '.nx']);

export class PluginRegistry {
  readonly store: Store;
  readonly dir: string;

  constructor(options: PluginRegistryOptions) {
    this.store = options.store;
    this.dir = resolve(options.dir);
  }

  /** The directory holding every installed element package: give it to instances' package path. */
  get packageDir(): string {
    return join(this.dir, 'packages');
  }

  list(): InstalledPlugin[] {
    return this.store.plugins().map((r) => ({
      manifest: r.manifest as unknown as PluginManifest,
      path: r.path ?? join(this.dir, r.name),
      installedAt: r.installedAt,
    }));
  }

  find(name: string): InstalledPlugin | undefined {
    return this.list().find((p) => p.manifest.name === name);
  }

  get(name: string): InstalledPlugin {
    const p = this.find(name);
    if (!p) {
      const names = this.list().map((x) => x.manifest.name);
      throw new NotFound(
        `no plugin named '${name}' is installed${names.length ? ` (installed: ${names.join(', ')})` : ''}`,
      );
    }
    return p;
  }

  /**
   * Installs a plugin from a directory, a .tgz made by `npm pack`, or an npm package spec.
   * Refused if a plugin of that name is installed (use upgrade).
   */
  async install(source: string, options: InstallProgress = {}): Promise<InstalledPlugin> {
    return this.stageAndCommit(source, undefined, options.onStep);
  }

  /** Replaces an installed plugin with the one at `source` (same name, another version). */
  async upgrade(
    source: string,
    options: PluginChangeOptions & InstallProgress & { name?: string } = {},
  ): Promise<InstalledPlugin> {
    return this.stageAndCommit(source, options, options.onStep);
  }

  /** Removes a plugin; refused while instances use it unless they are drained. */
  async remove(name: string, options: PluginChangeOptions = {}): Promise<{ drained: string[] }> {
    const plugin = this.get(name);
    const drained = await this.drainUsers(name, options, 'remove');
    this.store.removePlugin(name);
    this.unlinkPackage(plugin.manifest);
    rmSync(plugin.path, { recursive: true, force: true });
    return { drained };
  }

  /** Names of the instances created from the plugin, and of those the store wants running or suspended. */
  users(name: string): { all: string[]; active: string[] } {
    const recs = this.store.listInstances().filter((r) => r.labels[PLUGIN_LABEL] === name);
    return {
      all: recs.map((r) => r.name),
      active: recs.filter((r) => r.desired !== 'stopped').map((r) => r.name),
    };
  }

  /**
   * The plugin's configuration (`config`, or its default) with the operator's parameters checked
   * and defaults filled in. Every parameter is validated: a bad one is a UsageError naming it.
   */
  resolve(
    name: string,
    options: { config?: string; params?: Record<string, string> } = {},
  ): ResolvedPluginConfig {
    const plugin = this.get(name);
    return resolveFrom(plugin, options.config, options.params ?? {});
  }

  /**
   * What `cosmos create NAME --plugin PLUGIN --param K=V` creates: the instance's spec with the
   * plugin's configuration, its parameters as definitions and the plugin's labels; start it next.
   */
  createSpec(
    instance: Omit<CreateSpecInput, 'config' | 'definitions'>,
    plugin: { name: string; config?: string; params?: Record<string, string> },
  ): CreateSpecInput & { filename: string } {
    const r = this.resolve(plugin.name, {
      ...(plugin.config !== undefined ? { config: plugin.config } : {}),
      params: plugin.params ?? {},
    });
    return {
      ...instance,
      labels: { ...(instance.labels ?? {}), ...r.labels },
      config: r.text,
      definitions: r.definitions,
      filename: r.filename,
    };
  }

  // ---- install steps ----

  private async stageAndCommit(
    source: string,
    upgrade: (PluginChangeOptions & { name?: string }) | undefined,
    onStep: (step: string) => void = () => undefined,
  ): Promise<InstalledPlugin> {
    mkdirSync(this.dir, { recursive: true });
    const staging = mkdtempSync(join(this.dir, '.staging-'));
    try {
      const tree = join(staging, 'plugin');
      onStep(`fetching ${source}`);
      fetchSource(source, tree, staging);
      const manifest = parseManifest(readJson(join(tree, 'package.json')), source);
      if (upgrade?.name !== undefined && upgrade.name !== manifest.name) {
        throw new UsageError(`${source} is plugin '${manifest.name}', not '${upgrade.name}'`);
      }
      const installed = this.find(manifest.name);
      if (upgrade === undefined && installed) {
        throw new Conflict(
          `plugin '${manifest.name}' ${installed.manifest.version} is already installed: upgrade it instead`,
        );
      }
      if (upgrade !== undefined && !installed) {
        throw new NotFound(`plugin '${manifest.name}' is not installed: install it first`);
      }
      this.checkPackageName(manifest);
      checkEngine(manifest);
      if (manifest.elements) {
        onStep(`building element package ${manifest.elements.package}`);
        const engineApi = elementApiVersion(join(locateSdk(), '..', 'engine', 'include'));
        if (manifest.elements.apiVersion !== engineApi) {
          throw new Conflict(
            `plugin '${manifest.name}' ${manifest.version}: its elements are written for element API ` +
              `${manifest.elements.apiVersion}, but this engine provides element API ${engineApi}: ` +
              'port them and rebuild against this engine',
          );
        }
        buildElementPackage(
          {
            package: manifest.elements.package,
            apiVersion: manifest.elements.apiVersion,
            version: manifest.version,
            sources: manifest.elements.sources.map((s) => {
              const p = join(tree, s);
              if (!existsSync(p))
                throw new UsageError(`${source}: clickos.elements.sources: ${s} does not exist`);
              return p;
            }),
          },
          join(tree, 'lib'),
          join(staging, 'build'),
        );
      }
      onStep(`checking ${Object.keys(manifest.configs).length} configuration(s)`);
      checkConfigs(manifest, tree);

      // Everything is built and checked: now change what is installed.
      const drained = upgrade && installed ? await this.drainUsers(manifest.name, upgrade, 'upgrade') : [];
      const target = join(this.dir, `${manifest.name}@${manifest.version}`);
      const old = installed?.path;
      let moved: string | undefined;
      if (existsSync(target)) {
        // Reinstalling the same version: keep the old copy aside until the new one is in.
        moved = `${target}.old-${process.pid}-${Date.now()}`;
        renameSync(target, moved);
      }
      renameSync(tree, target);
      try {
        this.linkPackage(manifest, target);
        this.store.putPlugin({
          name: manifest.name,
          version: manifest.version,
          manifest: manifest as unknown as Record<string, unknown>,
          path: target,
        });
      } catch (err) {
        rmSync(target, { recursive: true, force: true });
        if (moved) renameSync(moved, target);
        if (installed) this.linkPackage(installed.manifest, installed.path);
        throw err;
      }
      if (moved) rmSync(moved, { recursive: true, force: true });
      if (old && old !== target) {
        if (installed && installed.manifest.elements?.package !== manifest.elements?.package) {
          this.unlinkPackage(installed.manifest);
        }
        rmSync(old, { recursive: true, force: true });
      }
      const result = this.get(manifest.name);
      if (upgrade && installed) {
        await this.moveUsers(this.users(manifest.name).all, drained, installed, result, upgrade);
      }
      return result;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  private checkPackageName(m: PluginManifest): void {
    if (!m.elements) return;
    for (const p of this.list()) {
      if (p.manifest.name !== m.name && p.manifest.elements?.package === m.elements.package) {
        throw new Conflict(
          `element package '${m.elements.package}' is already provided by plugin '${p.manifest.name}': rename it`,
        );
      }
    }
  }

  // packages/<pkg>.so -> ../<plugin>@<version>/lib/<pkg>.so, replaced atomically.
  private linkPackage(m: PluginManifest, dir: string): void {
    if (!m.elements) return;
    mkdirSync(this.packageDir, { recursive: true });
    const link = join(this.packageDir, `${m.elements.package}.so`);
    const tmp = `${link}.tmp-${process.pid}`;
    rmSync(tmp, { force: true });
    symlinkSync(relative(this.packageDir, join(dir, 'lib', `${m.elements.package}.so`)), tmp);
    renameSync(tmp, link);
  }

  private unlinkPackage(m: PluginManifest): void {
    if (m.elements) rmSync(join(this.packageDir, `${m.elements.package}.so`), { force: true });
  }

  private async drainUsers(name: string, options: PluginChangeOptions, what: string): Promise<string[]> {
    const { active } = this.users(name);
    if (active.length === 0) return [];
    if (!options.drain) {
      throw new Conflict(
        `cannot ${what} plugin '${name}': instances use it (${active.join(', ')}); stop them first or drain them`,
      );
    }
    const instances = options.instances;
    if (!instances) throw new UsageError(`draining plugin '${name}' needs the instance manager`);
    for (const n of active) await instances.stop(n);
    return active;
  }

  // After an upgrade every instance created from the plugin gets the new version's configuration
  // with the parameters its operator gave (values that differ from the old defaults); the
  // drained ones start again. Stopped ones only have it stored, for their next start.
  private async moveUsers(
    names: string[],
    drained: string[],
    before: InstalledPlugin,
    after: InstalledPlugin,
    options: PluginChangeOptions,
  ): Promise<void> {
    const instances = options.instances;
    const failures: string[] = [];
    for (const n of names) {
      try {
        const rec = this.store.getInstance(n);
        const configName = rec.labels[PLUGIN_CONFIG_LABEL];
        const oldDefaults = before.manifest.configs[configName ?? '']?.params ?? {};
        const current = this.store.currentConfig(n)?.definitions ?? {};
        const [cname, cfg] = pluginConfig(after.manifest, configName);
        const given: Record<string, string> = {};
        for (const [k, v] of Object.entries(current)) {
          const oldDefault = oldDefaults[k]?.default;
          if (k in cfg.params && (oldDefault === undefined || String(oldDefault) !== v)) given[k] = v;
        }
        const resolved = resolveFrom(after, cname, given);
        if (instances) {
          await instances.install(n, resolved.text, {
            definitions: resolved.definitions,
            filename: resolved.filename,
          });
        } else {
          // Nobody runs it: the store is its whole state (as InstanceManager stores it).
          const cfgRec = this.store.addConfig(n, resolved.text, resolved.definitions);
          this.store.setConfigVersion(n, cfgRec.version);
          this.store.addEvent(n, 'installed', { version: cfgRec.version, mode: 'stored' });
        }
        this.store.setLabels(n, { ...rec.labels, ...resolved.labels });
        if (drained.includes(n) && instances) await instances.start(n);
      } catch (err) {
        failures.push(`${n}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) {
      throw new BackendError(
        `plugin '${after.manifest.name}' was upgraded to ${after.manifest.version}, but these instances did not take it:\n  ${failures.join('\n  ')}`,
      );
    }
  }
}

function resolveFrom(
  plugin: InstalledPlugin,
  config: string | undefined,
  params: Record<string, string>,
): ResolvedPluginConfig {
  const m = plugin.manifest;
  const [cname, cfg] = pluginConfig(m, config);
  const definitions = resolveParams(m.name, cname, cfg, params);
  const text = readFileSync(join(plugin.path, cfg.file), 'utf8');
  return {
    plugin: m.name,
    version: m.version,
    config: cname,
    text,
    definitions,
    filename: `${m.name}/${cfg.file}`,
    labels: { [PLUGIN_LABEL]: m.name, [PLUGIN_VERSION_LABEL]: m.version, [PLUGIN_CONFIG_LABEL]: cname },
  };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${path} does not exist: a plugin is an npm package with a package.json`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

// Copies the plugin's files into `tree`: from a directory, a .tgz, or `npm pack SPEC`.
function fetchSource(source: string, tree: string, staging: string): void {
  const path = resolve(source);
  if (existsSync(path) && statSync(path).isDirectory()) {
    // What npm would not pack either: dependencies anywhere, build outputs and VCS data at the top.
    cpSync(path, tree, {
      recursive: true,
      filter: (src) => {
        const rel = relative(path, src);
        return basename(src) !== 'node_modules' && (rel.includes('/') || !SKIP.has(rel));
      },
    });
    return;
  }
  let tarball = path;
  if (!(existsSync(path) && /\.(tgz|tar\.gz)$/.test(path))) {
    if (/^[./]/.test(source)) throw new NotFound(`${source} does not exist`);
    const r = spawnSync('npm', ['pack', source, '--silent', '--pack-destination', staging], {
      encoding: 'utf8',
    });
    const file = r.stdout?.trim().split('\n').pop();
    if (r.status !== 0 || !file) {
      throw new NotFound(
        `cannot fetch npm package '${source}': ${(r.stderr || r.error?.message || '').trim()}`,
      );
    }
    tarball = join(staging, file);
  }
  const unpack = join(staging, 'unpack');
  mkdirSync(unpack);
  const r = spawnSync('tar', ['-xzf', tarball, '-C', unpack], { encoding: 'utf8' });
  if (r.status !== 0) throw new UsageError(`${source} is not a readable npm package: ${r.stderr.trim()}`);
  const top = readdirSync(unpack);
  const root = top.length === 1 ? join(unpack, top[0] as string) : unpack;
  renameSync(root, tree);
}

function checkEngine(m: PluginManifest): void {
  const engine = engineVersion();
  if (!satisfies(engine, m.engines.clickos)) {
    throw new Conflict(
      `plugin '${m.name}' ${m.version} supports ClickOS engine ${m.engines.clickos}, but this engine is ${engine}`,
    );
  }
}

// Every configuration must check with its defaults (typed samples for required parameters),
// its element package loaded when it has one.
function checkConfigs(m: PluginManifest, tree: string): void {
  const elementNames = new Set<string>();
  for (const [cname, cfg] of Object.entries(m.configs)) {
    const file = join(tree, cfg.file);
    if (!existsSync(file)) throw new UsageError(`clickos.configs.${cname}.file: ${cfg.file} does not exist`);
    const text = readFileSync(file, 'utf8');
    for (const [pname] of Object.entries(cfg.params)) {
      if (!new RegExp(`\\$${pname}\\b`).test(text)) {
        throw new UsageError(`clickos.configs.${cname}.params.${pname}: ${cfg.file} does not use $${pname}`);
      }
    }
    const definitions = Object.fromEntries(Object.entries(cfg.params).map(([k, p]) => [k, sampleValue(p)]));
    const filename = `${m.name}/${cfg.file}`;
    const parsed = parse(text, { filename, definitions });
    if (!parsed.ok) throw new ConfigError(parsed.diagnostics);
    for (const e of parsed.graph.elements) elementNames.add(e.name);
    const result = checkConfig(text, {
      filename,
      definitions,
      packagePath: m.elements ? [join(tree, 'lib')] : [],
    });
    if (!result.ok) throw new ConfigError(result.diagnostics);
  }
  m.handlers.forEach((h, i) => {
    const element = h.name.slice(0, h.name.lastIndexOf('.'));
    if (!elementNames.has(element)) {
      throw new UsageError(
        `clickos.handlers.${i}.name: no configuration of the plugin has an element '${element}'`,
      );
    }
  });
}
