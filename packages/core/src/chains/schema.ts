// The declarative chain file (cosmos apply/diff, PUT /v1/chains/NAME): switches with the Linux
// interfaces they take as NIC ports, and the chain's instances in order, each with its
// configuration and ports. One zod definition, shared by the CLI (which reads the file) and
// the API (which receives it with every configuration inlined).
import { z } from 'zod';
import { Definitions, InstanceName, Labels, PortSpec, Resources } from '../instances/spec.js';

export const ChainName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$/, 'invalid chain name');
export const SwitchName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'invalid switch name');
export const IfName = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,15}$/, 'expected an interface name (1-15 characters)');

/** A Linux interface joining a switch: "veth0", or {ifname, mode, busy}. */
export const NicSpec = z.preprocess(
  (v) => (typeof v === 'string' ? { ifname: v } : v),
  z
    .object({
      ifname: IfName,
      mode: z.enum(['packet', 'xdp']).default('packet'),
      busy: z.boolean().default(false),
    })
    .strict(),
);

export const ChainSwitch = z
  .object({
    name: SwitchName,
    /** Interfaces attached as NIC ports; the file owns every NIC port of the switches it names. */
    nics: z.array(NicSpec).default([]),
  })
  .strict();

/** A port: "vale0" or {switch, mac, slots, frame}. */
export const ChainPort = z.preprocess((v) => (typeof v === 'string' ? { switch: v } : v), PortSpec.strict());

const instanceFields = {
  name: InstanceName,
  backend: z.string().default('process'),
  labels: Labels.default({}),
  ports: z.array(ChainPort).max(64).default([]),
  resources: Resources.strict().default({}),
  definitions: Definitions.default({}),
  /** running (the default) or stopped. */
  state: z.enum(['running', 'stopped']).default('running'),
};

/** An instance as written in the file: its configuration is a file (relative to the chain file) or inline text. */
export const ChainFileInstance = z
  .object({
    ...instanceFields,
    config: z.string().min(1).optional(),
    text: z.string().optional(),
  })
  .strict()
  .refine((i) => (i.config === undefined) !== (i.text === undefined), {
    message: 'give exactly one of config (a file) or text (the configuration itself)',
  });

export const ChainFile = z
  .object({
    chain: ChainName,
    switches: z.array(ChainSwitch).default([]),
    instances: z.array(ChainFileInstance).default([]),
  })
  .strict();

/** An instance with its configuration's text; `filename` is where errors are located. */
export const ChainInstance = z
  .object({ ...instanceFields, text: z.string(), filename: z.string().max(4096).optional() })
  .strict();

/** The chain as the daemon receives it: every configuration inlined. */
export const Chain = z
  .object({
    chain: ChainName,
    switches: z.array(ChainSwitch).default([]),
    instances: z.array(ChainInstance).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.instances.forEach((i, n) => {
      if (seen.has(i.name))
        ctx.addIssue({
          code: 'custom',
          path: ['instances', n, 'name'],
          message: `'${i.name}' appears twice`,
        });
      seen.add(i.name);
    });
    const sw = new Set<string>();
    const nics = new Set<string>();
    c.switches.forEach((s, n) => {
      if (sw.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['switches', n, 'name'], message: `'${s.name}' appears twice` });
      sw.add(s.name);
      s.nics.forEach((nic, k) => {
        if (nics.has(nic.ifname))
          ctx.addIssue({
            code: 'custom',
            path: ['switches', n, 'nics', k],
            message: `interface '${nic.ifname}' is on more than one switch`,
          });
        nics.add(nic.ifname);
      });
    });
  });

export type ChainFileValue = z.output<typeof ChainFile>;
export type ChainValue = z.output<typeof Chain>;
export type ChainInput = z.input<typeof Chain>;
export type ChainInstanceValue = z.output<typeof ChainInstance>;

/** The labels apply puts on a chain's instances: its name and the instance's place in it. */
export const CHAIN_LABEL = 'chain';
export const POSITION_LABEL = 'chain.position';
