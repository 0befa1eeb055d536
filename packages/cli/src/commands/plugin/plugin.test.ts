// cosmos plugin, in-process, against a temporary state directory (no daemon needed).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../program.js';

const repo = join(import.meta.dirname, '..', '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cosmos-plugin-'));
const state = join(dir, 'state');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cosmos(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(['--state', state, ...argv], {
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('cosmos plugin', () => {
  it('installs, lists, describes and removes a plugin', async () => {
    expect(await cosmos('plugin', 'list')).toEqual({ code: 0, stdout: 'no plugins installed\n', stderr: '' });
    const wire = join(repo, 'middleboxes', 'wire');
    expect(await cosmos('plugin', 'install', wire)).toEqual({
      code: 0,
      stdout: 'installed wire 0.1.0\n',
      stderr: `fetching ${wire}...\nchecking 1 configuration(s)...\n`,
    });
    const again = await cosmos('plugin', 'install', wire);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/error: plugin 'wire' 0.1.0 is already installed: upgrade it instead\n$/);

    const list = await cosmos('plugin', 'list', '--json');
    expect(JSON.parse(list.stdout).plugins).toMatchObject([
      { name: 'wire', version: '0.1.0', package: '@clickos/middlebox-wire', configs: ['wire'], ipv6: 'pass' },
    ]);
    const info = await cosmos('plugin', 'info', 'wire');
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('configuration wire (default): a two-port wire between ports IN and OUT');
    expect(info.stdout).toMatch(/IN\s+integer 0\.\.63\s+default 0\s+first port/);
    expect(info.stdout).toMatch(/in_to_out\.count\s+read\s+frames forwarded from IN to OUT/);
    expect(info.stdout).toContain('a restart loses: the frame and byte counters');
    expect(info.stdout).toContain('instances using it: none');

    const missing = await cosmos('plugin', 'info', 'nat');
    expect(missing).toEqual({
      code: 3,
      stdout: '',
      stderr: "error: no plugin named 'nat' is installed (installed: wire)\n",
    });
    expect(await cosmos('plugin', 'remove', 'wire')).toEqual({
      code: 0,
      stdout: 'removed wire\n',
      stderr: '',
    });
    expect(existsSync(join(state, 'plugins', 'wire@0.1.0'))).toBe(false);
  });

  it('reports a bad manifest with the path of every problem, and installs nothing', async () => {
    const bad = join(dir, 'bad');
    cpSync(join(repo, 'middleboxes', 'ethermirror'), bad, {
      recursive: true,
      filter: (s) => !s.includes('node_modules'),
    });
    const pkg = JSON.parse(readFileSync(join(bad, 'package.json'), 'utf8'));
    pkg.clickos.ipv6 = 'sometimes';
    pkg.clickos.configs.ethermirror.params.PORT.max = 'many';
    writeFileSync(join(bad, 'package.json'), JSON.stringify(pkg));
    const r = await cosmos('plugin', 'install', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'clickos.configs.ethermirror.params.PORT.max: Invalid input: expected number, received string',
    );
    expect(r.stderr).toContain('clickos.ipv6: Invalid option');
    expect((await cosmos('plugin', 'list')).stdout).toBe('no plugins installed\n');
  });

  it('cosmos create --plugin refuses bad parameters, naming them, before anything is created', async () => {
    expect((await cosmos('plugin', 'install', join(repo, 'middleboxes', 'ethermirror'))).code).toBe(0);
    const create = (...args: string[]) =>
      cosmos('--no-autostart', 'create', 'm1', '--port', 'vale0', ...args);
    expect(await create('--plugin', 'ethermirror', '--param', 'PORT=64')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: invalid parameter PORT: 64 is above the maximum 63\n',
    });
    expect((await create('--plugin', 'ethermirror', '--param', 'PORT')).stderr).toBe(
      "error: invalid parameter 'PORT': expected KEY=VALUE\n",
    );
    expect((await create('--plugin', 'ethermirror', '--param', 'MODE=x')).stderr).toBe(
      'error: unknown parameter MODE (ethermirror/ethermirror takes PORT, BURST)\n',
    );
    expect((await create('--plugin', 'ethermirror/other')).stderr).toBe(
      "error: plugin 'ethermirror' has no configuration 'other' (it has ethermirror)\n",
    );
    expect((await create('--plugin', 'router')).code).toBe(3);
    expect((await create('--param', 'PORT=1')).stderr).toBe('error: --param needs --plugin\n');
    expect((await create('--plugin', 'ethermirror', 'PORT=1')).code).toBe(2);
    expect((await cosmos('plugin', 'remove', 'ethermirror')).code).toBe(0);
  });

  it('scaffolds a new plugin and refuses a bad name', async () => {
    const target = join(dir, 'new-box');
    const r = await cosmos('plugin', 'new', 'new-box', '--dir', target);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('configs/new-box.click');
    expect(JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).clickos.elements.package).toBe(
      'new_box_elements',
    );
    const bad = await cosmos('plugin', 'new', 'New_Box');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid plugin name');
  });
});
