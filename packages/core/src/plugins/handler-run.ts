// Runs a plugin configuration on pcaps like the harness does, but with the pcap readers held
// back until handlers have been written through a ControlSocket: the way an operator loads a
// rule set or a route table into a running middlebox. Reads the given handlers after the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '../control/client.js';
import { type PluginUnderTest, pcapConfig, readPcap } from './harness.js';
import { locateRunProgram } from './toolchain.js';

export interface HandlerRun {
  outputs: Record<number, Buffer[]>;
  outputFiles: Record<number, string>;
  handlers: Record<string, string>;
  /** The error of each write that failed, by index in `writes` (undefined when it succeeded). */
  writeErrors: Array<string | undefined>;
}

export async function runWithWrites(
  plugin: PluginUnderTest,
  options: {
    config?: string;
    params?: Record<string, string>;
    inputs: Record<number, string>;
    dir: string;
    writes: Array<[string, string]>;
    reads?: string[];
    /** Replay the pcaps at their recorded pace (FromDump TIMING) and make `during` writes meanwhile. */
    timing?: boolean;
    during?: Array<[string, string]>;
  },
): Promise<HandlerRun> {
  mkdirSync(options.dir, { recursive: true });
  const resolved = plugin.resolve(options.config, options.params ?? {});
  const { text, outputFiles } = pcapConfig({ ...resolved, inputs: options.inputs, dir: options.dir });
  const held = text.replace(
    /STOP true\)/g,
    `STOP true, ACTIVE false${options.timing ? ', TIMING true' : ''})`,
  );
  const readers = [...held.matchAll(/^(\S+) :: FromDump\(/gm)].map((m) => m[1] as string);
  const file = join(options.dir, 'held.click');
  const socket = join(options.dir, 'control.sock');
  writeFileSync(file, held);
  const reads = options.reads ?? [];
  const args = [...plugin.packagePath.flatMap((d) => ['-P', d]), '-u', socket, '-f', file];
  for (const h of reads) args.push('-h', h);
  const child = spawn(locateRunProgram(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 25));
    const client = await ControlClient.connect(socket);
    const writeErrors: Array<string | undefined> = [];
    for (const [h, v] of options.writes) {
      try {
        await client.write(h, v);
        writeErrors.push(undefined);
      } catch (err) {
        writeErrors.push((err as Error).message);
      }
    }
    for (const r of readers) await client.write(`${r}.active`, 'true');
    for (const [h, v] of options.during ?? []) {
      try {
        await client.write(h, v);
        writeErrors.push(undefined);
      } catch (err) {
        writeErrors.push((err as Error).message);
      }
    }
    client.close();
    const code = await exited;
    if (code !== 0) throw new Error(`clickos-run failed (${code}): ${stderr.trim()}`);
    const handlers: Record<string, string> = {};
    if (reads.length === 1) handlers[reads[0] as string] = stdout.trim();
    else
      for (const m of stdout.matchAll(/^(\S+):\n([\s\S]*?)\n\n/gm))
        handlers[m[1] as string] = (m[2] as string).trim();
    const outputs: Record<number, Buffer[]> = {};
    for (const [port, f] of Object.entries(outputFiles)) outputs[Number(port)] = readPcap(f);
    return { outputs, outputFiles, handlers, writeErrors };
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
