// The declarative chain file (cosmos apply/diff, PUT /v1/chains/NAME): switches with the Linux
// interfaces they take as NIC and TAP ports and their static MAC entries, and the chain's
// instances in order, each with its configuration (a Click text or an installed plugin with
// parameters) and ports. One zod definition, shared by the CLI (which reads the file) and the
// API (which receives it with every Click configuration inlined; plugins it resolves itself).
import { z } from 'zod';
import { Definitions, InstanceName, Labels, Mac, PortSpec, Resources } from '../instances/spec.js';

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

/** A TAP interface the switch creates: "tap0", or {ifname, busy}. */
export const TapSpec = z.preprocess(
  (v) => (typeof v === 'string' ? { ifname: v } : v),
  z.object({ ifname: IfName, busy: z.boolean().default(false) }).strict(),
);

/** A static MAC entry: frames for `mac` go out of the NIC or TAP port `port` (an interface name). */
export const StaticEntry = z.object({ mac: Mac, port: IfName }).strict();

export const ChainSwitch = z
  .object({
    name: SwitchName,
    /** Interfaces attached as NIC ports; the file owns every NIC and TAP port of the switches it names. */
    nics: z.array(NicSpec).default([]),
    /** TAP interfaces the switch creates and takes as ports. */
    taps: z.array(TapSpec).default([]),
    /** Static MAC entries for its NIC and TAP ports (instance ports take theirs in ports[].mac). */
    static: z.array(StaticEntry).default([]),
  })
  .strict();

/** A port: "vale0" or {switch, mac, slots, frame}. */
export const ChainPort = z.preprocess((v) => (typeof v === 'string' ? { switch: v } : v), PortSpec.strict());

/** A plugin parameter's value: YAML numbers and booleans are taken as their text. */
export const ParamValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** An installed plugin's configuration: "NAME" (its default configuration) or "NAME/CONFIG". */
export const PluginRef = z
  .string()
  .regex(/^[A-Za-z0-9@][A-Za-z0-9_.@-]*(\/[A-Za-z0-9_.-]+)?$/, 'expected a plugin name, or NAME/CONFIG');

const pluginFields = {
  plugin: PluginRef.optional(),
  /** The plugin configuration's parameters, checked against its manifest. */
  params: z.record(z.string(), ParamValue).optional(),
};

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

// Checks shared by the file and the API: one source of configuration; params go with a plugin.
function checkSource(
  i: { plugin?: string | undefined; params?: unknown; definitions: Record<string, string> },
  sources: number,
  ctx: z.RefinementCtx,
  what: string,
) {
  if (sources !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of ${what}` });
  if (i.params !== undefined && i.plugin === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['params'],
      message: 'params go with plugin: (definitions: for Click files)',
    });
  if (i.plugin !== undefined && Object.keys(i.definitions).length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['definitions'],
      message: "a plugin's values are its params:, not definitions:",
    });
}

/** An instance as written in the file: a Click file (relative to the chain file), inline text, or a plugin. */
export const ChainFileInstance = z
  .object({
    ...instanceFields,
    ...pluginFields,
    config: z.string().min(1).optional(),
    text: z.string().optional(),
  })
  .strict()
  .superRefine((i, ctx) =>
    checkSource(
      i,
      [i.config, i.text, i.plugin].filter((x) => x !== undefined).length,
      ctx,
      'config (a file), text (the configuration itself) or plugin (an installed plugin)',
    ),
  );

export const ChainFile = z
  .object({
    chain: ChainName,
    switches: z.array(ChainSwitch).default([]),
    instances: z.array(ChainFileInstance).default([]),
  })
  .strict();

/**
 * An instance with its configuration's text (`filename` is where errors are located), or an
 * installed plugin's configuration with its parameters (the daemon resolves it).
 */
export const ChainInstance = z
  .object({
    ...instanceFields,
    ...pluginFields,
    text: z.string().optional(),
    filename: z.string().max(4096).optional(),
  })
  .strict()
  .superRefine((i, ctx) =>
    checkSource(
      i,
      [i.text, i.plugin].filter((x) => x !== undefined).length,
      ctx,
      'text (the configuration) or plugin (an installed plugin)',
    ),
  );

/** The chain as the daemon receives it: every configuration inlined. */
export const Chain = z
  .object({
    chain: ChainName,
    /** The chain file's name, for errors the daemon finds (unknown plugin, bad parameter). */
    source: z.string().max(4096).optional(),
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
    const interfaces = new Set<string>();
    c.switches.forEach((s, n) => {
      if (sw.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['switches', n, 'name'], message: `'${s.name}' appears twice` });
      sw.add(s.name);
      const lists = [
        ['nics', s.nics],
        ['taps', s.taps],
      ] as const;
      for (const [field, list] of lists) {
        list.forEach((nic, k) => {
          if (interfaces.has(nic.ifname))
            ctx.addIssue({
              code: 'custom',
              path: ['switches', n, field, k],
              message: `interface '${nic.ifname}' is declared more than once (an interface is one port of one switch)`,
            });
          interfaces.add(nic.ifname);
        });
      }
    });
    // Static entries: a NIC or TAP port of their switch; a MAC once per switch (instance ports too).
    const macs = new Map<string, string>();
    const claim = (switchName: string, mac: string, owner: string, path: PropertyKey[]) => {
      const key = `${switchName}/${mac.toLowerCase()}`;
      const first = macs.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `MAC ${mac} is already a static entry of switch ${switchName} (${first})`,
        });
      else macs.set(key, owner);
    };
    c.instances.forEach((i, n) => {
      i.ports.forEach((p, devid) => {
        if (p.mac)
          claim(p.switch, p.mac, `port ${devid} of instance ${i.name}`, [
            'instances',
            n,
            'ports',
            devid,
            'mac',
          ]);
      });
    });
    c.switches.forEach((s, n) => {
      const own = [...s.nics, ...s.taps].map((x) => x.ifname);
      s.static.forEach((e, k) => {
        if (!own.includes(e.port))
          ctx.addIssue({
            code: 'custom',
            path: ['switches', n, 'static', k, 'port'],
            message:
              `unknown port '${e.port}': switch ${s.name} has no NIC or TAP port of that name in the file` +
              (own.length ? ` (it has ${own.join(', ')})` : ' (it has none)') +
              '; an instance port takes its MAC in ports[].mac',
          });
        claim(s.name, e.mac, `static entry ${k}, port ${e.port}`, ['switches', n, 'static', k, 'mac']);
      });
    });
  });

export type ChainFileValue = z.output<typeof ChainFile>;
export type ChainValue = z.output<typeof Chain>;
export type ChainInput = z.input<typeof Chain>;
export type ChainInstanceValue = z.output<typeof ChainInstance>;

/** An instance after plugins are resolved: its Click text, definitions and labels known. */
export type ResolvedInstance = Omit<ChainInstanceValue, 'text'> & { text: string };
/** A chain whose every instance is resolved (see resolve.ts). */
export type ResolvedChain = Omit<ChainValue, 'instances'> & { instances: ResolvedInstance[] };

/** The labels apply puts on a chain's instances: its name and the instance's place in it. */
export const CHAIN_LABEL = 'chain';
export const POSITION_LABEL = 'chain.position';
