import { describe, expect, it } from 'vitest';
import { parseManifest, pluginConfig } from './manifest.js';

const good = () => ({
  name: '@acme/middlebox-tagger',
  version: '1.2.3',
  clickos: {
    name: 'tagger',
    description: 'tags frames',
    engines: { clickos: '>=0.1.0 <1' },
    configs: {
      tagger: {
        file: 'configs/tagger.click',
        description: 'one port',
        params: {
          PORT: { type: 'integer', min: 0, max: 63, default: 0, description: 'the port' },
          PEER: { type: 'ip', required: true, description: 'the peer' },
        },
      },
    },
    handlers: [{ name: 'tag.count', mode: 'read', description: 'frames tagged' }],
    ipv6: 'drop',
    restartLoses: [],
  },
});

function problems(pkg: unknown): string {
  try {
    parseManifest(pkg, 'acme/package.json');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the manifest was accepted');
}

describe('plugin manifest', () => {
  it('accepts a complete manifest and fills defaults', () => {
    const m = parseManifest(good(), 'acme/package.json');
    expect(m).toMatchObject({
      name: 'tagger',
      packageName: '@acme/middlebox-tagger',
      version: '1.2.3',
      ipv6: 'drop',
    });
    expect(m.configs.tagger?.params.PORT?.required).toBe(false);
    expect(pluginConfig(m)[0]).toBe('tagger');
  });

  it('says when package.json has no clickos field', () => {
    expect(problems({ name: 'x', version: '1.0.0' })).toBe(
      'acme/package.json is not a ClickOS plugin: its package.json has no "clickos" field',
    );
  });

  it('names every bad field by its path', () => {
    const pkg = good() as ReturnType<typeof good> & Record<string, unknown>;
    pkg.version = 'one';
    pkg.clickos.name = 'Tagger!';
    pkg.clickos.ipv6 = 'maybe';
    delete pkg.clickos.restartLoses;
    pkg.clickos.engines.clickos = 'soon';
    pkg.clickos.configs.tagger.params.PORT.default = 'zero';
    pkg.clickos.configs.tagger.params.port = { type: 'integer', default: 1, description: 'x' };
    pkg.clickos.configs.tagger.file = '../outside.click';
    pkg.clickos.handlers[0].mode = 'exec';
    pkg.clickos.surprise = true;
    const text = problems(pkg);
    expect(text).toMatch(/^invalid plugin manifest acme\/package.json:/);
    for (const path of [
      'version: expected a version such as 1.0.0, got "one"',
      'clickos.name: expected 1-40 lower-case letters',
      'clickos.ipv6:',
      'clickos.restartLoses:',
      'clickos.engines.clickos: expected a version range',
      'clickos.configs.tagger.params.PORT.default:',
      'clickos.configs.tagger.params.port: parameter names are upper case',
      'clickos.configs.tagger.file: must be a path inside the plugin',
      'clickos.handlers.0.mode:',
      'surprise',
    ]) {
      expect(text).toContain(path);
    }
  });

  it('checks defaults against required and min against max', () => {
    const pkg = good() as ReturnType<typeof good> & Record<string, unknown>;
    pkg.clickos.configs.tagger.params.PEER.default = '10.0.0.1';
    pkg.clickos.configs.tagger.params.PORT = {
      type: 'integer',
      description: 'p',
      min: 5,
      max: 1,
      default: 3,
    };
    pkg.clickos.configs.tagger.params.MODE = { type: 'enum', values: ['a', 'b'], description: 'm' };
    pkg.clickos.defaultConfig = 'other';
    const text = problems(pkg);
    expect(text).toContain('clickos.configs.tagger.params.PEER: a required parameter has no default');
    expect(text).toContain('clickos.configs.tagger.params.PORT: min is above max');
    expect(text).toContain(
      'clickos.configs.tagger.params.MODE: give a default or mark the parameter required',
    );
    expect(text).toContain("clickos.defaultConfig: no configuration named 'other'");
  });

  it('names the configurations when the one asked for does not exist', () => {
    const m = parseManifest(good(), 'p');
    expect(() => pluginConfig(m, 'nope')).toThrow(
      "plugin 'tagger' has no configuration 'nope' (it has tagger)",
    );
    // Names of Object's own properties are no configurations either (plugin: tagger/constructor).
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(() => pluginConfig(m, name)).toThrow(
        `plugin 'tagger' has no configuration '${name}' (it has tagger)`,
      );
    }
  });
});
