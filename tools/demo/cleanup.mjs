// Removing what the platform demo made: its instances, cosmosd and the switch, the hosts'
// namespaces and interfaces, cgroups and the state directory. The demo runs this when it
// ends; a guard process started at the beginning (`node cleanup.mjs GUARD-JSON`, detached, so
// Ctrl-C does not reach it) runs it when the demo died without doing so.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** ctx: { cosmosJs, dir, env, hosts: [{ns, outer}], cgroupParent } */
export function cleanupPlatform(ctx) {
  const cosmos = (args) =>
    spawnSync(process.execPath, [ctx.cosmosJs, ...args], {
      cwd: existsSync(ctx.dir) ? ctx.dir : '/',
      env: ctx.env,
      encoding: 'utf8',
      timeout: 60000,
    });
  const listed = cosmos(['--no-autostart', 'list', '--json']);
  if (listed.status === 0) {
    const names = JSON.parse(listed.stdout).instances.map((i) => i.name);
    if (names.length) cosmos(['destroy', ...names]);
  }
  cosmos(['--no-autostart', 'daemon', 'stop', '--stop-instances', '--stop-switch']);
  for (const h of ctx.hosts) {
    spawnSync('ip', ['link', 'del', h.outer]);
    spawnSync('ip', ['netns', 'del', h.ns]);
  }
  removeCgroups(ctx.cgroupParent);
  rmSync(ctx.dir, { recursive: true, force: true });
}

// The instances' cgroups go under this process's own group of each v1 controller.
function removeCgroups(parent) {
  let own = '';
  try {
    own = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return;
  }
  for (const c of ['memory', 'cpu', 'freezer']) {
    const group = own
      .split('\n')
      .find((l) => l.split(':')[1]?.split(',').includes(c))
      ?.split(':')[2];
    if (group === undefined) continue;
    try {
      rmdirSync(join('/sys/fs/cgroup', c, group, parent));
    } catch {
      // absent, or still holding groups
    }
  }
}

// The guard: wait for the demo's process to end, then clean up if its state is still there.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()) && process.argv[2]) {
  const ctx = JSON.parse(process.argv[2]);
  const alive = () => {
    try {
      process.kill(ctx.parentPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const timer = setInterval(() => {
    if (alive()) return;
    clearInterval(timer);
    if (existsSync(ctx.dir)) {
      console.log('demo interrupted: cleaning up');
      cleanupPlatform(ctx);
    }
  }, 300);
}
