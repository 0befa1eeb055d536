// The plugin manifest: the `clickos` field of a plugin's package.json, validated with zod so that
// every problem is reported with its path (e.g. `clickos.configs.wire.params.IN.default`).
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { isVersion, isVersionRange } from './versions.js';

/** Plugin names: what `cosmos create --plugin NAME` and labels use. */
export const PluginName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected 1-40 lower-case letters, digits or "-", starting with a letter');

/** Click parameter names, as `$NAME` in the configuration. */
const ParamName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'parameter names are upper case: A-Z, 0-9, "_"');

const common = {
  description: z.string().min(1, 'describe the parameter for operators'),
  /** Whether the parameter must be given (then it has no default). */
  required: z.boolean().default(false),
};

const IntegerParam = z.strictObject({
  type: z.literal('integer'),
  ...common,
  default: z.number().int().optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});
const BooleanParam = z.strictObject({
  type: z.literal('boolean'),
  ...common,
  default: z.boolean().optional(),
});
const StringParam = z.strictObject({
  type: z.literal('string'),
  ...common,
  default: z.string().optional(),
  /** A regular expression the whole value must match. */
  pattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
});
const EnumParam = z.strictObject({
  type: z.literal('enum'),
  ...common,
  values: z.array(z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'enum values are words')).min(1),
  default: z.string().optional(),
});
/** Types checked by their syntax: addresses, prefixes, durations. */
const SimpleParam = z.strictObject({
  type: z.enum(['ip', 'ip-prefix', 'ip6', 'mac', 'duration']),
  ...common,
  default: z.string().optional(),
});

export const ParamSpec = z.discriminatedUnion('type', [
  IntegerParam,
  BooleanParam,
  StringParam,
  EnumParam,
  SimpleParam,
]);
export type ParamSpecValue = z.output<typeof ParamSpec>;

const RelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a path inside the plugin');

export const ConfigSpec = z.strictObject({
  /** The Click file, relative to the plugin's root. */
  file: RelativePath,
  description: z.string().min(1, 'describe the configuration for operators'),
  params: z.record(ParamName, ParamSpec).default({}),
});
export type ConfigSpecValue = z.output<typeof ConfigSpec>;

export const ElementsSpec = z.strictObject({
  /** The element package the sources build into; configurations load it with require(package NAME). */
  package: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'package names are letters, digits and "_"'),
  /** The element API (CLICKOS_ELEMENT_API_VERSION) the sources are written for. */
  apiVersion: z.number().int().min(1),
  sources: z.array(RelativePath).min(1),
});

export const HandlerSpec = z.strictObject({
  /** "element.handler" as the configuration names it. */
  name: z.string().regex(/^[A-Za-z0-9_@/.-]+\.[A-Za-z0-9_.-]+$/, 'expected ELEMENT.HANDLER'),
  mode: z.enum(['read', 'write', 'read/write']),
  description: z.string().min(1),
});

export const PluginManifestSchema = z
  .strictObject({
    name: PluginName,
    /** Engine versions the plugin supports, a semver range such as ">=0.1.0 <1". */
    engines: z.strictObject({
      clickos: z.string().refine(isVersionRange, 'expected a version range such as ">=0.1.0 <1"'),
    }),
    description: z.string().min(1),
    configs: z
      .record(PluginName, ConfigSpec)
      .refine((c) => Object.keys(c).length > 0, 'a plugin provides at least one configuration'),
    /** The configuration `cosmos create --plugin NAME` uses when none is named. */
    defaultConfig: PluginName.optional(),
    elements: ElementsSpec.optional(),
    handlers: z.array(HandlerSpec).default([]),
    /** What the middlebox does with IPv6 traffic. */
    ipv6: z.enum(['pass', 'drop', 'handle']),
    /** What a restart of an instance loses (counters, flow tables...); empty if nothing. */
    restartLoses: z.array(z.string().min(1)),
  })
  .superRefine((m, ctx) => {
    if (m.defaultConfig !== undefined && !(m.defaultConfig in m.configs)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultConfig'],
        message: `no configuration named '${m.defaultConfig}'`,
      });
    }
    for (const [cname, cfg] of Object.entries(m.configs)) {
      for (const [pname, p] of Object.entries(cfg.params)) {
        const path = ['configs', cname, 'params', pname];
        if (p.required && p.default !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: 'a required parameter has no default' });
        }
        if (!p.required && p.default === undefined) {
          ctx.addIssue({ code: 'custom', path, message: 'give a default or mark the parameter required' });
        }
        if (p.type === 'integer' && p.min !== undefined && p.max !== undefined && p.min > p.max) {
          ctx.addIssue({ code: 'custom', path, message: 'min is above max' });
        }
      }
    }
  });

export type PluginManifestValue = z.output<typeof PluginManifestSchema>;

/** A plugin as read from its package.json: npm's name and version plus the `clickos` field. */
export interface PluginManifest extends PluginManifestValue {
  /** The npm package name, e.g. "@clickos/middlebox-wire". */
  packageName: string;
  version: string;
}

// zod's words, made specific where they are vague (record keys, missing fields).
function issueText(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_key') return i.issues.map((k) => k.message).join('; ');
  if (i.code === 'invalid_type' && i.message.endsWith('received undefined'))
    return `missing (${i.expected} required)`;
  return i.message;
}

/** Validates a package.json's content; `where` names it in errors (a path). */
export function parseManifest(pkg: unknown, where: string): PluginManifest {
  const issues: string[] = [];
  const p = (typeof pkg === 'object' && pkg !== null ? pkg : {}) as Record<string, unknown>;
  if (typeof p.name !== 'string' || p.name === '') issues.push('name: the npm package has no name');
  if (typeof p.version !== 'string' || !isVersion(p.version)) {
    issues.push(`version: expected a version such as 1.0.0, got ${JSON.stringify(p.version)}`);
  }
  if (p.clickos === undefined) {
    throw new UsageError(`${where} is not a ClickOS plugin: its package.json has no "clickos" field`);
  }
  const parsed = PluginManifestSchema.safeParse(p.clickos);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push(`${['clickos', ...i.path].join('.')}: ${issueText(i)}`);
  }
  if (issues.length > 0 || !parsed.success) {
    throw new UsageError(`invalid plugin manifest ${where}:\n  ${issues.join('\n  ')}`);
  }
  return { ...parsed.data, packageName: p.name as string, version: p.version as string };
}

/** The configuration `config` (or the default one) of the plugin; a UsageError names the choices. */
export function pluginConfig(m: PluginManifestValue, config?: string): [string, ConfigSpecValue] {
  const names = Object.keys(m.configs);
  const name = config ?? m.defaultConfig ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new UsageError(`plugin '${m.name}' has several configurations: name one of ${names.join(', ')}`);
  }
  // Own properties only: 'constructor' or 'toString' is no configuration.
  const spec = Object.hasOwn(m.configs, name) ? m.configs[name] : undefined;
  if (!spec)
    throw new UsageError(`plugin '${m.name}' has no configuration '${name}' (it has ${names.join(', ')})`);
  return [name, spec];
}
