// The plugin registry against a real store and the real toolchain (CMake, clickos-run from
// $CLICKOS_BUILD_DIR); plugins are the repository's middleboxes and scaffolded ones.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '../errors.js';
import { Store } from '../store/store.js';
import { InstanceManager } from '../instances/manager.js';
import { program, startSwitch, tempDir } from '../testing/programs.js';
import { PluginRegistry } from './registry.js';
import { elementApiVersion, scaffoldPlugin } from './scaffold.js';
import { locateRunProgram, locateSdk } from './toolchain.js';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const wire = join(repo, 'middleboxes', 'wire');
const root = tempDir('plugins');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let haveRun = true;
try {
  locateRunProgram();
} catch (err) {
  haveRun = false;
  console.log(`skipping plugin builds: ${(err as Error).message}`);
}
const haveCmake = spawnSync('cmake', ['--version']).status === 0;
if (!haveCmake) console.log('skipping plugin builds: cmake is not installed');

let n = 0;
function fresh(): { store: Store; registry: PluginRegistry; dir: string } {
  const dir = join(root, `case-${++n}`);
  const store = Store.open(':memory:');
  return { store, registry: new PluginRegistry({ store, dir: join(dir, 'plugins') }), dir };
}

// A copy of the wire plugin with its package.json edited.
// biome-ignore lint/suspicious/noExplicitAny: package.json edited freely
function wireVariant(dir: string, edit: (pkg: Record<string, any>) => void): string {
  const copy = join(dir, `wire-variant-${++n}`);
  cpSync(wire, copy, { recursive: true, filter: (s) => !s.includes('node_modules') });
  const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
  edit(pkg);
  writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg, null, 2));
  return copy;
}

function leftovers(registry: PluginRegistry): string[] {
  return existsSync(registry.dir) ? readdirSync(registry.dir).filter((f) => f !== 'packages') : [];
}

describe('plugin registry', () => {
  let ctx: ReturnType<typeof fresh>;
  beforeEach(() => {
    ctx = fresh();
  });

  it('installs a plugin from its directory, records it, and resolves its configuration', async () => {
    const p = await ctx.registry.install(wire);
    expect(p.manifest).toMatchObject({
      name: 'wire',
      version: '0.1.0',
      packageName: '@clickos/middlebox-wire',
    });
    expect(p.path).toBe(join(ctx.registry.dir, 'wire@0.1.0'));
    expect(existsSync(join(p.path, 'configs', 'wire.click'))).toBe(true);
    expect(existsSync(join(p.path, 'node_modules'))).toBe(false);
    expect(ctx.store.plugins().map((r) => [r.name, r.version])).toEqual([['wire', '0.1.0']]);
    expect(leftovers(ctx.registry)).toEqual(['wire@0.1.0']);
    const r = ctx.registry.resolve('wire', { params: { OUT: '2' } });
    expect(r.definitions).toEqual({ IN: '0', OUT: '2', BURST: '32' });
    expect(r.labels).toEqual({ plugin: 'wire', 'plugin.version': '0.1.0', 'plugin.config': 'wire' });
    expect(r.text).toContain('FromNetfront($IN, BURST $BURST)');
    expect(() => ctx.registry.resolve('wire', { params: { IN: 'x' } })).toThrow(
      "invalid parameter IN: expected an integer, got 'x'",
    );
    expect(() => ctx.registry.resolve('nat')).toThrow(NotFound);
    const spec = ctx.registry.createSpec(
      { name: 'w1', labels: { site: 'a' }, ports: [{ switch: 'vale0' }] },
      { name: 'wire', params: { IN: '0', OUT: '0' } },
    );
    expect(spec).toMatchObject({
      name: 'w1',
      labels: { site: 'a', plugin: 'wire', 'plugin.version': '0.1.0', 'plugin.config': 'wire' },
      definitions: { IN: '0', OUT: '0', BURST: '32' },
      filename: 'wire/configs/wire.click',
    });
    expect(spec.config).toBe(readFileSync(join(wire, 'configs', 'wire.click'), 'utf8'));
    expect(() =>
      ctx.registry.createSpec({ name: 'w2' }, { name: 'wire', params: { BURST: '1000' } }),
    ).toThrow('invalid parameter BURST: 1000 is above the maximum 256');
  });

  it('refuses to install a plugin twice', async () => {
    await ctx.registry.install(wire);
    await expect(ctx.registry.install(wire)).rejects.toThrow(
      "plugin 'wire' 0.1.0 is already installed: upgrade it instead",
    );
  });

  it('changes nothing when a step fails: bad manifest, bad configuration, unsupported engine', async () => {
    const bad = wireVariant(ctx.dir, (pkg) => {
      pkg.clickos.configs.wire.params.IN.default = 'zero';
    });
    await expect(ctx.registry.install(bad)).rejects.toThrow(
      'clickos.configs.wire.params.IN.default: Invalid input: expected number, received string',
    );
    const broken = wireVariant(ctx.dir, () => undefined);
    writeFileSync(
      join(broken, 'configs', 'wire.click'),
      'FromNetfront($IN, BURST $BURST) -> Nope -> ToNetfront($OUT);\n',
    );
    await expect(ctx.registry.install(broken)).rejects.toThrow(
      /^wire\/configs\/wire\.click:1:\d+: unknown element class 'Nope'/,
    );
    const future = wireVariant(ctx.dir, (pkg) => {
      pkg.clickos.engines.clickos = '>=5.0.0';
    });
    await expect(ctx.registry.install(future)).rejects.toThrow(
      /plugin 'wire' 0\.1\.0 supports ClickOS engine >=5\.0\.0, but this engine is \d+\.\d+\.\d+/,
    );
    const handler = wireVariant(ctx.dir, (pkg) => {
      pkg.clickos.handlers.push({ name: 'nothing.count', mode: 'read', description: 'x' });
    });
    await expect(ctx.registry.install(handler)).rejects.toThrow(
      "clickos.handlers.4.name: no configuration of the plugin has an element 'nothing'",
    );
    await expect(ctx.registry.install(join(ctx.dir, 'absent'))).rejects.toThrow('does not exist');
    expect(leftovers(ctx.registry)).toEqual([]);
    expect(ctx.store.plugins()).toEqual([]);
  });

  it('installs from an npm pack tarball', async () => {
    const out = join(ctx.dir, 'pack');
    mkdirSync(out, { recursive: true });
    const r = spawnSync('npm', ['pack', wire, '--silent', '--pack-destination', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const p = await ctx.registry.install(join(out, r.stdout.trim().split('\n').pop() as string));
    expect(p.manifest.name).toBe('wire');
    expect(existsSync(join(p.path, 'configs', 'wire.click'))).toBe(true);
  });

  it('upgrades to another version and removes the old files', async () => {
    await ctx.registry.install(wire);
    const next = wireVariant(ctx.dir, (pkg) => {
      pkg.version = '0.2.0';
    });
    const p = await ctx.registry.upgrade(next);
    expect(p.manifest.version).toBe('0.2.0');
    expect(leftovers(ctx.registry)).toEqual(['wire@0.2.0']);
    const other = wireVariant(ctx.dir, (pkg) => {
      pkg.clickos.name = 'other';
    });
    await expect(ctx.registry.upgrade(other)).rejects.toThrow(
      "plugin 'other' is not installed: install it first",
    );
  });

  it('refuses to remove or upgrade a plugin that running instances use, unless they are drained', async () => {
    await ctx.registry.install(wire);
    for (const [name, desired] of [
      ['w1', 'running'],
      ['w2', 'stopped'],
      ['w3', 'suspended'],
    ] as const) {
      ctx.store.createInstance({
        name,
        backend: 'process',
        labels: { plugin: 'wire' },
        resources: {},
        ports: [],
      });
      ctx.store.setDesired(name, desired);
    }
    expect(ctx.registry.users('wire')).toEqual({ all: ['w1', 'w2', 'w3'], active: ['w1', 'w3'] });
    await expect(ctx.registry.remove('wire')).rejects.toThrow(
      "cannot remove plugin 'wire': instances use it (w1, w3); stop them first or drain them",
    );
    const next = wireVariant(ctx.dir, (pkg) => {
      pkg.version = '0.3.0';
    });
    await expect(ctx.registry.upgrade(next)).rejects.toThrow(Conflict);
    expect(ctx.store.plugins()[0]?.version).toBe('0.1.0');
    // Draining stops them through the instance manager, then removes.
    const stopped: string[] = [];
    const manager = {
      get: (name: string) => ({
        status: ctx.store.getInstance(name).desired === 'stopped' ? 'stopped' : 'running',
      }),
      stop: async (name: string) => {
        stopped.push(name);
        ctx.store.setDesired(name, 'stopped');
      },
    } as unknown as InstanceManager;
    expect(await ctx.registry.remove('wire', { drain: true, instances: manager })).toEqual({
      drained: ['w1', 'w3'],
    });
    expect(stopped).toEqual(['w1', 'w3']);
    expect(ctx.store.plugins()).toEqual([]);
    expect(leftovers(ctx.registry)).toEqual([]);
  });

  it.skipIf(!program('clickos-instance') || !program('clickos-switch'))(
    'upgrades with drain: running instances restart on the new version with the parameters they were given',
    async () => {
      mkdirSync(ctx.dir, { recursive: true });
      const sw = await startSwitch(program('clickos-switch') as string, ctx.dir);
      const manager = await InstanceManager.open({
        storePath: join(ctx.dir, 'store.db'),
        stateDir: join(ctx.dir, 'run'),
        process: { binary: program('clickos-instance') as string, switchSocket: sw.socket, cgroups: false },
      });
      try {
        const registry = new PluginRegistry({ store: manager.store, dir: join(ctx.dir, 'plugins') });
        await registry.install(wire);
        const ports = [{ switch: 'vale0' }, { switch: 'vale1' }];
        await manager.create(
          registry.createSpec({ name: 'w1', ports }, { name: 'wire', params: { BURST: '16' } }),
        );
        await manager.start('w1');
        await manager.create(registry.createSpec({ name: 'w2', ports }, { name: 'wire' }));
        // 0.2.0 changes BURST's default: w1 keeps the 16 its operator gave, w2 takes the new default.
        const next = wireVariant(ctx.dir, (pkg) => {
          pkg.version = '0.2.0';
          pkg.clickos.configs.wire.params.BURST.default = 64;
        });
        await expect(registry.upgrade(next, { instances: manager })).rejects.toThrow(
          "cannot upgrade plugin 'wire': instances use it (w1)",
        );
        await registry.upgrade(next, { drain: true, instances: manager });
        expect(manager.get('w1')).toMatchObject({ status: 'running', configVersion: 2 });
        expect(manager.get('w1').labels).toMatchObject({ plugin: 'wire', 'plugin.version': '0.2.0' });
        expect(manager.config('w1')?.definitions).toEqual({ IN: '0', OUT: '1', BURST: '16' });
        expect(await manager.read('w1', 'in_to_out.count')).toBe('0\n');
        // w2 was stopped: not started, but it has the new version for its next start.
        expect(manager.get('w2')).toMatchObject({ status: 'stopped', configVersion: 2 });
        expect(manager.get('w2').labels['plugin.version']).toBe('0.2.0');
        expect(manager.config('w2')?.definitions).toEqual({ IN: '0', OUT: '1', BURST: '64' });
      } finally {
        await manager.close({ stopInstances: true });
        await sw.stop();
      }
    },
  );

  describe.skipIf(!haveRun || !haveCmake)('plugins with native elements', () => {
    const apiVersion = elementApiVersion(join(locateSdk(), '..', 'engine', 'include'));

    it('scaffolds a plugin whose element builds, installs and passes its own tests unchanged', async () => {
      const dir = join(ctx.dir, 'acme-filter');
      const s = scaffoldPlugin('acme-filter', dir, { apiVersion });
      expect(s.files.map((f) => f.slice(dir.length + 1))).toEqual([
        'README.md',
        'configs/acme-filter.click',
        'elements/acmefilterfilter.cc',
        'elements/acmefilterfilter.hh',
        'package.json',
        'tests/acme-filter.test.mjs',
      ]);
      expect(() => scaffoldPlugin('acme-filter', dir, { apiVersion })).toThrow('exists and is not empty');
      expect(() => scaffoldPlugin('Acme', join(ctx.dir, 'x'), { apiVersion })).toThrow('invalid plugin name');

      const p = await ctx.registry.install(dir);
      expect(p.manifest.elements?.package).toBe('acme_filter_elements');
      const link = join(ctx.registry.packageDir, 'acme_filter_elements.so');
      expect(readlinkSync(link)).toBe('../acme-filter@0.1.0/lib/acme_filter_elements.so');
      expect(existsSync(link)).toBe(true);

      // Its tests, as a vendor runs them (`npm test`), with @clickos/core where npm would put it.
      mkdirSync(join(dir, 'node_modules', '@clickos'), { recursive: true });
      symlinkSync(join(repo, 'packages', 'core'), join(dir, 'node_modules', '@clickos', 'core'));
      const t = spawnSync('node', ['--test', 'tests/'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(`${t.stdout}${t.stderr}`).toMatch(/# pass 3\n# fail 0/);
      expect(t.status).toBe(0);

      await ctx.registry.remove('acme-filter');
      expect(existsSync(link)).toBe(false);
      expect(leftovers(ctx.registry)).toEqual([]);
    });

    it.skipIf(!program('clickos-instance') || !program('clickos-switch'))(
      'runs an instance of a plugin with native elements: the sandboxed instance loads its package',
      async () => {
        const dir = join(ctx.dir, 'tagger');
        scaffoldPlugin('tagger', dir, { apiVersion });
        const pluginDir = join(ctx.dir, 'daemon-plugins');
        const sw = await startSwitch(program('clickos-switch') as string, ctx.dir);
        const manager = await InstanceManager.open({
          storePath: join(ctx.dir, 'store.db'),
          stateDir: join(ctx.dir, 'run'),
          process: {
            binary: program('clickos-instance') as string,
            switchSocket: sw.socket,
            cgroups: false,
            packagePath: [join(pluginDir, 'packages')],
          },
        });
        try {
          const registry = new PluginRegistry({ store: manager.store, dir: pluginDir });
          expect(registry.packageDir).toBe(join(pluginDir, 'packages'));
          await registry.install(dir);
          const spec = registry.createSpec(
            { name: 't1', ports: [{ switch: 'vale0' }, { switch: 'vale1' }] },
            { name: 'tagger', params: { ETHERTYPE: '2054' } },
          );
          await manager.create(spec);
          await manager.start('t1');
          expect(await manager.read('t1', 'filter.ethertype')).toBe('2054\n');
          await manager.write('t1', 'filter.ethertype', '34525');
          expect(await manager.read('t1', 'filter.ethertype')).toBe('34525\n');
          // A configuration that requires the package is checked with it loaded, out of process.
          await expect(
            manager.install(
              't1',
              'require(package tagger_elements);\nFromNetfront(0) -> filter :: TaggerFilter(ETHERTYPE 70000) -> ToNetfront(1);\n',
              { filename: 't1.click' },
            ),
          ).rejects.toThrow(/^t1\.click:2:\d+: .*ETHERTYPE/);
          expect(registry.users('tagger')).toEqual({ all: ['t1'], active: ['t1'] });
        } finally {
          await manager.close({ stopInstances: true });
          await sw.stop();
        }
      },
    );

    it('refuses elements written for another element API, and sources that do not compile', async () => {
      const dir = join(ctx.dir, 'old-api');
      scaffoldPlugin('old-api', dir, { apiVersion: apiVersion + 1 });
      await expect(ctx.registry.install(dir)).rejects.toThrow(
        `plugin 'old-api' 0.1.0: its elements are written for element API ${apiVersion + 1}, but this engine provides element API ${apiVersion}`,
      );
      const broken = join(ctx.dir, 'broken');
      const s = scaffoldPlugin('broken', broken, { apiVersion });
      const cc = s.files.find((f) => f.endsWith('.cc')) as string;
      writeFileSync(cc, `${readFileSync(cc, 'utf8')}\nint oops = ;\n`);
      await expect(ctx.registry.install(broken)).rejects.toThrow(
        /building element package broken_elements failed:[\s\S]*error/,
      );
      expect(leftovers(ctx.registry)).toEqual([]);
      expect(ctx.store.plugins()).toEqual([]);
    });
  });
});
