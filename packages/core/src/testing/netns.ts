// Test support (not part of the package): hosts in network namespaces for end-to-end tests of
// instances behind clickos-switch. Host i of a test is namespace `${tag}${i}` with veth
// `${tag}h${i}` inside it and its peer `${tag}s${i}` left on the host side for a NIC port.
import { execFileSync, spawnSync } from 'node:child_process';
import { connect } from 'node:net';

export function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** One request on a clickos-switch control socket; resolves with its (first line) reply. */
export function switchRequest(socket: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let data = '';
    c.on('data', (d) => {
      data += d;
      if (data.includes('\n')) {
        c.end();
        resolve(JSON.parse(data.split('\n')[0] ?? '{}'));
      }
    });
    c.on('error', reject);
    c.write(`${JSON.stringify(request)}\n`);
  });
}

/** Creates host i with address `addr`/24 (and a default route via `gateway`); returns its namespace. */
export function addHost(tag: string, i: number, addr: string, gateway?: string): string {
  const ns = `${tag}${i}`;
  sh('ip', ['netns', 'add', ns]);
  sh('ip', ['link', 'add', `${tag}h${i}`, 'type', 'veth', 'peer', 'name', `${tag}s${i}`]);
  sh('ip', ['link', 'set', `${tag}h${i}`, 'netns', ns]);
  sh('ip', ['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', `${tag}h${i}`]);
  sh('ip', ['-n', ns, 'link', 'set', `${tag}h${i}`, 'up']);
  if (gateway) sh('ip', ['-n', ns, 'route', 'add', 'default', 'via', gateway]);
  sh('ip', ['link', 'set', `${tag}s${i}`, 'up']);
  return ns;
}

/** Removes the hosts addHost made (their veth pairs and namespaces); never throws. */
export function removeHosts(tag: string, hosts: string[]): void {
  for (let i = 0; i < hosts.length; i++) {
    spawnSync('ip', ['link', 'del', `${tag}s${i}`]);
    spawnSync('ip', ['netns', 'del', hosts[i] as string]);
  }
}

/** Three pings 0.2 s apart from namespace `ns` to `dst`, each waited for 1 s. */
export function ping(ns: string, dst: string, extra: string[] = []) {
  return spawnSync('ip', ['netns', 'exec', ns, 'ping', '-c', '3', '-i', '0.2', '-W', '1', ...extra, dst], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}
