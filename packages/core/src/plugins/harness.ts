// The plugin test harness: runs a plugin configuration on pcap files instead of switch ports.
// Its FromNetfront/FromDevice(N) elements read the pcap given for port N, its
// ToNetfront/ToDevice(N) elements write what leaves port N to a pcap, and handlers are read
// at the end. Vendors use it for golden tests: compare the outputs with expected pcaps or with
// field summaries (tsharkFields), written independently of the code under test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BackendError, ConfigError } from '../errors.js';
import { parse } from '../lang/index.js';
import { type PluginManifest, parseManifest, pluginConfig } from './manifest.js';
import { resolveParams } from './params.js';
import { buildElementPackage, locateRunProgram } from './toolchain.js';

const INPUTS = new Set(['FromNetfront', 'FromDevice']);
const OUTPUTS = new Set(['ToNetfront', 'ToDevice']);

/** A captured frame: its bytes and its timestamp in microseconds. */
export interface PcapFrame {
  data: Buffer;
  timeMicros?: number;
}

/** Writes an Ethernet pcap (microsecond timestamps, little-endian) holding `frames`. */
export function writePcap(path: string, frames: Array<Buffer | PcapFrame>): void {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const parts: Buffer[] = [header];
  frames.forEach((f, i) => {
    const frame = Buffer.isBuffer(f) ? { data: f, timeMicros: 1_000_000 + i } : f;
    const t = frame.timeMicros ?? 1_000_000 + i;
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(t / 1e6), 0);
    rec.writeUInt32LE(t % 1e6, 4);
    rec.writeUInt32LE(frame.data.length, 8);
    rec.writeUInt32LE(frame.data.length, 12);
    parts.push(rec, frame.data);
  });
  writeFileSync(path, Buffer.concat(parts));
}

/** The frames of a pcap file (either byte order, micro- or nanosecond). */
export function readPcap(path: string): Buffer[] {
  const b = readFileSync(path);
  if (b.length < 24) throw new BackendError(`${path} is not a pcap file (too short)`);
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const be = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && !be) throw new BackendError(`${path} is not a pcap file (magic ${magic.toString(16)})`);
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const frames: Buffer[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    const len = u32(o + 8);
    if (o + 16 + len > b.length) throw new BackendError(`${path} ends inside a record`);
    frames.push(Buffer.from(b.subarray(o + 16, o + 16 + len)));
    o += 16 + len;
  }
  return frames;
}

export interface PcapRunOptions {
  /** The configuration and its definitions (a resolved plugin configuration, for example). */
  text: string;
  definitions?: Record<string, string>;
  filename?: string;
  /** A pcap for each input port (FromNetfront/FromDevice DEVID); ports without one get none. */
  inputs: Record<number, string>;
  /** Where the output pcaps go: port N's frames in `<dir>/out-N.pcap`. */
  dir: string;
  /** Handlers to read at the end, "element.handler". */
  handlers?: string[];
  /** Directories with element packages (a plugin's built lib/). */
  packagePath?: string[];
}

export interface PcapRunResult {
  /** Frames sent to each output port that the configuration has. */
  outputs: Record<number, Buffer[]>;
  /** The output pcaps' paths, by port. */
  outputFiles: Record<number, string>;
  handlers: Record<string, string>;
}

function devid(config: string, where: string): number {
  const first = config.split(',')[0]?.trim() ?? '';
  if (!/^\d+$/.test(first))
    throw new BackendError(`${where}: the harness needs a numeric DEVID, got '${first}'`);
  return Number(first);
}

export interface PortReplacement {
  /** The element declaration (class and arguments) for input port N, e.g. "Idle". */
  input(port: number): string;
  /** The declaration for output port N, e.g. "Discard". */
  output(port: number): string;
}

/**
 * The configuration flattened by the engine, with its port elements (FromNetfront/FromDevice,
 * ToNetfront/ToDevice) replaced by other elements: pcap files for tests, sources and sinks for
 * benchmarks. `extra` lines are appended.
 */
export function replacePorts(
  text: string,
  options: { definitions?: Record<string, string>; filename?: string },
  replace: PortReplacement,
  extra: string[] = [],
): string {
  const result = parse(text, {
    filename: options.filename ?? 'config.click',
    definitions: options.definitions ?? {},
  });
  if (!result.ok) throw new ConfigError(result.diagnostics);
  const g = result.graph;
  const lines: string[] = [];
  for (const r of g.requirements) if (r.kind === 'package') lines.push(`require(package ${r.name});`);
  for (const e of g.elements) {
    const where = `${e.name} :: ${e.class}`;
    if (INPUTS.has(e.class)) lines.push(`${e.name} :: ${replace.input(devid(e.config, where))};`);
    else if (OUTPUTS.has(e.class)) lines.push(`${e.name} :: ${replace.output(devid(e.config, where))};`);
    else lines.push(`${e.name} :: ${e.class}(${e.config});`);
  }
  for (const c of g.connections) lines.push(`${c.from} [${c.fromPort}] -> [${c.toPort}] ${c.to};`);
  return `${[...lines, ...extra].join('\n')}\n`;
}

/** The configuration with its port elements replaced by pcap readers and writers. */
export function pcapConfig(options: PcapRunOptions): { text: string; outputFiles: Record<number, string> } {
  const outputFiles: Record<number, string> = {};
  let inputs = 0;
  const replace: PortReplacement = {
    input: (port) => {
      const file = options.inputs[port];
      if (file === undefined) return 'Idle';
      inputs++;
      return `FromDump(${JSON.stringify(file)}, STOP true)`;
    },
    output: (port) => {
      const file = join(options.dir, `out-${port}.pcap`);
      outputFiles[port] = file;
      return `ToDump(${JSON.stringify(file)})`;
    },
  };
  const flat = replacePorts(options.text, options, replace);
  // Each FromDump stops the router once; wait for all of them.
  const text = inputs > 1 ? `${flat}DriverManager(wait_stop ${inputs}, stop);\n` : flat;
  return { text, outputFiles };
}

/** Runs the configuration on the input pcaps with clickos-run; outputs and handlers come back. */
export function runOnPcaps(options: PcapRunOptions): PcapRunResult {
  mkdirSync(options.dir, { recursive: true });
  const { text, outputFiles } = pcapConfig(options);
  const file = join(options.dir, 'harness.click');
  writeFileSync(file, text);
  const handlers = options.handlers ?? [];
  const args = [...(options.packagePath ?? []).flatMap((d) => ['-P', d]), '-f', file];
  for (const h of handlers) args.push('-h', h);
  const r = spawnSync(locateRunProgram(), args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new BackendError(`clickos-run: ${r.error.message}`);
  if (r.status !== 0) throw new BackendError(`clickos-run failed on ${file}:\n${r.stderr.trim()}`);
  const values: Record<string, string> = {};
  if (handlers.length === 1) values[handlers[0] as string] = r.stdout.trim();
  else {
    // "name:\nvalue\n\n" per handler.
    const re = /^(\S+):\n([\s\S]*?)\n\n/gm;
    for (const m of r.stdout.matchAll(re)) values[m[1] as string] = (m[2] as string).trim();
  }
  const outputs: Record<number, Buffer[]> = {};
  for (const [port, f] of Object.entries(outputFiles)) outputs[Number(port)] = readPcap(f);
  return { outputs, outputFiles, handlers: values };
}

/** Whether tshark is installed (tsharkFields needs it). */
export function haveTshark(): boolean {
  return spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** tshark's view of each frame: the listed fields (e.g. "eth.src"), as text. */
export function tsharkFields(pcap: string, fields: string[]): Array<Record<string, string>> {
  const args = ['-r', pcap, '-T', 'fields', '-E', 'separator=\t', ...fields.flatMap((f) => ['-e', f])];
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new BackendError(`tshark failed on ${pcap}: ${r.stderr.trim()}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const cols = line.split('\t');
      return Object.fromEntries(fields.map((f, i) => [f, cols[i] ?? '']));
    });
}

/** A plugin under test: its manifest, its element package built, its configurations resolvable. */
export interface PluginUnderTest {
  manifest: PluginManifest;
  dir: string;
  /** Directories to load its element package from (empty without native elements). */
  packagePath: string[];
  /** A configuration with parameters, as `cosmos create --plugin` would install it. */
  resolve(
    config?: string,
    params?: Record<string, string>,
  ): { text: string; definitions: Record<string, string>; filename: string };
  /** runOnPcaps() of a resolved configuration. */
  run(
    options: Omit<PcapRunOptions, 'text' | 'definitions' | 'filename' | 'packagePath'> & {
      config?: string;
      params?: Record<string, string>;
    },
  ): PcapRunResult;
}

/** Reads the plugin at `dir` (its package.json) and builds its element package into a temporary directory. */
export function preparePlugin(dir: string, workDir?: string): PluginUnderTest {
  const root = resolve(dir);
  const manifest = parseManifest(
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
    join(root, 'package.json'),
  );
  const work = workDir ?? mkdtempSync(join(tmpdir(), `clickos-plugin-${manifest.name}-`));
  const packagePath: string[] = [];
  if (manifest.elements) {
    const lib = join(work, 'lib');
    buildElementPackage(
      {
        package: manifest.elements.package,
        apiVersion: manifest.elements.apiVersion,
        version: manifest.version,
        sources: manifest.elements.sources.map((s) => join(root, s)),
      },
      lib,
      join(work, 'build'),
    );
    packagePath.push(lib);
  }
  const resolveConfig = (config?: string, params: Record<string, string> = {}) => {
    const [name, spec] = pluginConfig(manifest, config);
    return {
      text: readFileSync(join(root, spec.file), 'utf8'),
      definitions: resolveParams(manifest.name, name, spec, params),
      filename: join(root, spec.file),
    };
  };
  return {
    manifest,
    dir: root,
    packagePath,
    resolve: resolveConfig,
    run: (options) => {
      const { config, params, ...rest } = options;
      return runOnPcaps({ ...rest, ...resolveConfig(config, params), packagePath });
    },
  };
}

/** An Ethernet frame: MACs as "02:00:00:00:00:01", EtherType, then the payload (bytes or a length of a counting pattern). */
export function etherFrame(dst: string, src: string, etherType: number, payload: Buffer | number): Buffer {
  const mac = (m: string) => Buffer.from(m.split(':').map((x) => Number.parseInt(x, 16)));
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType);
  const body = Buffer.isBuffer(payload)
    ? payload
    : Buffer.from(Array.from({ length: payload }, (_, i) => i & 0xff));
  return Buffer.concat([mac(dst), mac(src), type, body]);
}

const FIELDS: Array<[number, number, string]> = [
  [0, 6, 'eth.dst'],
  [6, 12, 'eth.src'],
  [12, 14, 'eth.type'],
];

function fieldAt(offset: number): string {
  const f = FIELDS.find(([from, to]) => offset >= from && offset < to);
  return f ? f[2] : `payload byte ${offset - 14}`;
}

/**
 * How `actual` differs from `expected` (frames, or a pcap file of them): one line per
 * difference, naming the frame and the first differing byte and its Ethernet field; empty when
 * they are the same. For golden tests: `expect(diffFrames(out, 'expected.pcap')).toEqual([])`.
 */
export function diffFrames(actual: Buffer[], expected: Buffer[] | string): string[] {
  const want = typeof expected === 'string' ? readPcap(expected) : expected;
  const out: string[] = [];
  if (actual.length !== want.length) out.push(`${actual.length} frames, expected ${want.length}`);
  for (let i = 0; i < Math.min(actual.length, want.length); i++) {
    const a = actual[i] as Buffer;
    const e = want[i] as Buffer;
    if (a.equals(e)) continue;
    if (a.length !== e.length) out.push(`frame ${i}: ${a.length} bytes, expected ${e.length}`);
    const n = Math.min(a.length, e.length);
    for (let b = 0; b < n; b++) {
      if (a[b] !== e[b]) {
        const hex = (x: number | undefined) => `0x${(x ?? 0).toString(16).padStart(2, '0')}`;
        out.push(`frame ${i}: byte ${b} (${fieldAt(b)}) is ${hex(a[b])}, expected ${hex(e[b])}`);
        break;
      }
    }
  }
  return out;
}
