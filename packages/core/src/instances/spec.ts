// Validated inputs of the instance operations: one zod definition, shared with the CLI and the API.
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** Instance names: a letter or digit, then letters, digits, '-', '_' or '.', at most 63 in all. */
export const InstanceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'expected 1-63 letters, digits, "-", "_" or "." (not first)');

export const LabelKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$/, 'invalid label key');
export const LabelValue = z.string().regex(/^[A-Za-z0-9_./:-]{0,63}$/, 'invalid label value');
export const Labels = z.record(LabelKey, LabelValue);

export const Mac = z
  .string()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, 'expected a MAC address like 02:00:00:00:00:01');

export const SwitchName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'invalid switch name');

/** A Linux interface name (IFNAMSIZ: at most 15 characters). */
export const IfName = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,15}$/, 'expected an interface name (1-15 letters, digits, "_", ".", ":", "-")');

/**
 * A Linux interface as a port of a switch: an existing one (nic: AF_PACKET, or AF_XDP with
 * mode "xdp") or a TAP interface the switch creates (tap). Kept in the store and attached
 * again after a switch restart.
 */
export const InterfaceSpec = z
  .object({
    switch: SwitchName,
    kind: z.enum(['nic', 'tap']),
    ifname: IfName,
    mode: z.enum(['packet', 'xdp']).optional(),
    /** AF_XDP: true requires zero-copy, false refuses it; absent tries it. */
    zerocopy: z.boolean().optional(),
    /** The switch polls the port instead of sleeping (docs/switch.md). */
    busy: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'tap' && (v.mode !== undefined || v.zerocopy !== undefined))
      ctx.addIssue({ code: 'custom', message: 'mode and zerocopy apply to nic ports only' });
    if (v.zerocopy !== undefined && v.mode !== 'xdp')
      ctx.addIssue({ code: 'custom', path: ['zerocopy'], message: 'zerocopy applies to mode "xdp" only' });
  });
export type InterfaceSpecInput = z.input<typeof InterfaceSpec>;
export type InterfaceSpecValue = z.output<typeof InterfaceSpec>;

export const PortSpec = z.object({
  /** The switch to attach to, e.g. "vale0". */
  switch: SwitchName,
  /** A static MAC table entry for the port. */
  mac: Mac.optional(),
  slots: z
    .number()
    .int()
    .refine(
      (n) => n >= 64 && n <= 2048 && (n & (n - 1)) === 0,
      'slots must be a power of two from 64 to 2048',
    )
    .default(256),
  frame: z.number().int().min(64).max(9216).default(1518),
});

/**
 * A CPU list as clickos-instance and clickos-switch take it (--cpus): "0", "0-1", "0,2"; CPUs
 * 0 to 1023 (CPU_SETSIZE), each range low to high. Refused here rather than when a program starts.
 */
export const CpuList = z
  .string()
  .regex(/^\d{1,4}(-\d{1,4})?(,\d{1,4}(-\d{1,4})?)*$/, 'expected a CPU list like 0, 0-1 or 0,2')
  .refine(
    (list) =>
      list.split(',').every((part) => {
        const [first, last = first] = part.split('-').map(Number) as [number, number?];
        return first <= last && last < 1024;
      }),
    'expected a CPU list like 0, 0-1 or 0,2 (CPUs 0 to 1023, each range from low to high)',
  );

export const Resources = z.object({
  /** Memory limit (cgroup memory.limit_in_bytes). */
  memoryBytes: z
    .number()
    .int()
    .min(1 << 20)
    .optional(),
  /** Relative CPU weight (cgroup cpu.shares, default 1024). */
  cpuShares: z.number().int().min(2).max(262144).optional(),
  /** CPU ceiling in percent of one CPU (cgroup cpu.cfs_quota_us against a 100 ms period). */
  cpuPercent: z.number().min(1).max(100_00).optional(),
  /**
   * The CPUs the instance runs on, as a list like "0", "0-1" or "0,2" (sched_setaffinity).
   * Next to the switch and the rest of its chain, a frame costs no cross-CPU wake-up.
   */
  cpus: CpuList.optional(),
});

export const Definitions = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid definition name'),
  z.string(),
);

export const CreateSpec = z.object({
  name: InstanceName,
  backend: z.string().default('process'),
  labels: Labels.default({}),
  ports: z.array(PortSpec).max(64).default([]),
  resources: Resources.default({}),
  /** A configuration to install at create (it is checked first); start runs it. */
  config: z.string().optional(),
  definitions: Definitions.default({}),
});

export type CreateSpecInput = z.input<typeof CreateSpec>;
export type CreateSpecValue = z.output<typeof CreateSpec>;
export type PortSpecValue = z.output<typeof PortSpec>;
export type ResourcesValue = z.output<typeof Resources>;

/**
 * Which instances a bulk operation touches: every one ('all'), by names, or by labels
 * (every given key=value must match).
 */
export const Selector = z.union([
  z.literal('all'),
  z.object({ names: z.array(InstanceName).min(1) }),
  z.object({ labels: Labels.refine((l) => Object.keys(l).length > 0, 'give at least one label') }),
]);
export type SelectorValue = z.output<typeof Selector>;

/** Parses `value` with `schema`, turning zod's issues into one UsageError naming each field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`);
  throw new UsageError(`invalid ${what}: ${issues.join('; ')}`);
}

/** "k=v,k2=v2" (or an array of "k=v") as labels, for command lines. */
export function parseLabels(text: string | string[]): Record<string, string> {
  const parts = (Array.isArray(text) ? text : text.split(',')).map((s) => s.trim()).filter(Boolean);
  const labels: Record<string, string> = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid label '${p}': expected KEY=VALUE`);
    labels[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return validate(Labels, labels, 'labels');
}

/** Whether `labels` carry every key=value of `wanted`. */
export function labelsMatch(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}
