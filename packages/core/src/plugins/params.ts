// A plugin configuration's parameters: the operator's KEY=VALUE pairs checked against their
// declared types, defaults filled in, and the result handed to the engine as `$NAME`
// definitions (which the engine checks again, in context, with file:line:col).
import { isIPv6 } from 'node:net';
import { UsageError } from '../errors.js';
import type { ConfigSpecValue, ParamSpecValue } from './manifest.js';

const IP = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const DURATION = /^\d+(\.\d+)?(ns|us|ms|s|sec|msec|usec|nsec|m|min|h|hr)?$/;
// Characters that would change the configuration's structure around the value.
const UNSAFE = /[,;(){}[\]"'\\$#]/;
const hasControl = (v: string) => [...v].some((c) => (c.codePointAt(0) as number) < 0x20);

/** Why `value` is not a valid `spec`, or undefined if it is. Booleans are normalized by normalize(). */
export function paramProblem(spec: ParamSpecValue, value: string): string | undefined {
  switch (spec.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return `expected an integer, got '${value}'`;
      const n = Number(value);
      if (!Number.isSafeInteger(n)) return `${value} is out of range`;
      if (spec.min !== undefined && n < spec.min) return `${value} is below the minimum ${spec.min}`;
      if (spec.max !== undefined && n > spec.max) return `${value} is above the maximum ${spec.max}`;
      return undefined;
    }
    case 'boolean':
      return /^(true|false|yes|no|1|0)$/i.test(value) ? undefined : `expected true or false, got '${value}'`;
    case 'enum':
      return spec.values.includes(value)
        ? undefined
        : `expected one of ${spec.values.join(', ')}, got '${value}'`;
    case 'ip':
      return IP.test(value) ? undefined : `expected an IPv4 address such as 10.0.0.1, got '${value}'`;
    case 'ip-prefix': {
      const [addr, len, extra] = value.split('/');
      const ok =
        extra === undefined &&
        addr !== undefined &&
        IP.test(addr) &&
        len !== undefined &&
        /^\d+$/.test(len) &&
        Number(len) <= 32;
      return ok ? undefined : `expected an IPv4 prefix such as 10.0.0.0/8, got '${value}'`;
    }
    case 'ip6':
      return isIPv6(value) ? undefined : `expected an IPv6 address such as 2001:db8::1, got '${value}'`;
    case 'mac':
      return MAC.test(value) ? undefined : `expected a MAC address such as 02:00:00:00:00:01, got '${value}'`;
    case 'duration':
      return DURATION.test(value) ? undefined : `expected a duration such as 10ms or 1.5s, got '${value}'`;
    case 'string':
      if (UNSAFE.test(value) || hasControl(value))
        return `'${value}' contains a character not allowed in a parameter (, ; ( ) { } [ ] quotes \\ $ # or a control character)`;
      if (spec.pattern !== undefined && !new RegExp(`^(?:${spec.pattern})$`).test(value)) {
        return `'${value}' does not match ${spec.pattern}`;
      }
      return undefined;
  }
}

function normalize(spec: ParamSpecValue, value: string): string {
  if (spec.type === 'boolean') return /^(true|yes|1)$/i.test(value) ? 'true' : 'false';
  return value;
}

function defaultText(spec: ParamSpecValue): string | undefined {
  return spec.default === undefined ? undefined : String(spec.default);
}

/** One problem with the operator's parameters: the parameter it is about, and what is wrong. */
export interface ParamIssue {
  param: string;
  /** 'unknown' name, 'invalid' value, or a required one 'missing'. */
  kind: 'unknown' | 'invalid' | 'missing';
  message: string;
}

/**
 * Checks the operator's `given` parameters against `config`: every problem (an unknown name,
 * a bad value, a missing required parameter) and the definitions they make, defaults filled in.
 */
export function checkParams(
  plugin: string,
  configName: string,
  config: ConfigSpecValue,
  given: Record<string, string>,
): { definitions: Record<string, string>; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    // Own properties only: 'constructor' or 'toString' is no declared parameter.
    const spec = Object.hasOwn(config.params, name) ? config.params[name] : undefined;
    if (!spec) {
      const known = Object.keys(config.params);
      issues.push({
        param: name,
        kind: 'unknown',
        message: `unknown parameter ${name} (${known.length ? `${plugin}/${configName} takes ${known.join(', ')}` : `${plugin}/${configName} takes none`})`,
      });
      continue;
    }
    const problem = paramProblem(spec, value);
    if (problem)
      issues.push({ param: name, kind: 'invalid', message: `invalid parameter ${name}: ${problem}` });
    else out[name] = normalize(spec, value);
  }
  for (const [name, spec] of Object.entries(config.params)) {
    if (name in given) continue;
    const d = defaultText(spec);
    if (d !== undefined) out[name] = normalize(spec, d);
    else
      issues.push({
        param: name,
        kind: 'missing',
        message: `missing parameter ${name}: ${spec.description}`,
      });
  }
  return { definitions: out, issues };
}

/**
 * The definitions for `config` from the operator's `given` parameters: each one is checked
 * (an unknown name or a bad value is a UsageError naming it, all problems at once), defaults
 * fill the rest, a missing required parameter is an error.
 */
export function resolveParams(
  plugin: string,
  configName: string,
  config: ConfigSpecValue,
  given: Record<string, string>,
): Record<string, string> {
  const { definitions, issues } = checkParams(plugin, configName, config, given);
  if (issues.length > 0) throw new UsageError(issues.map((i) => i.message).join('\n'));
  return definitions;
}

/** "KEY=VALUE" arguments as a record; a malformed one is a UsageError naming it. */
export function parseParamArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid parameter '${a}': expected KEY=VALUE`);
    const key = a.slice(0, eq);
    if (key in out) throw new UsageError(`parameter ${key} is given twice`);
    out[key] = a.slice(eq + 1);
  }
  return out;
}

/** A value of the parameter's type for checking a configuration whose parameter has no default. */
export function sampleValue(spec: ParamSpecValue): string {
  const d = defaultText(spec);
  if (d !== undefined) return normalize(spec, d);
  switch (spec.type) {
    case 'integer':
      return String(spec.min ?? (spec.max !== undefined && spec.max < 0 ? spec.max : 0));
    case 'boolean':
      return 'false';
    case 'enum':
      return spec.values[0] as string;
    case 'ip':
      return '192.0.2.1';
    case 'ip-prefix':
      return '192.0.2.0/24';
    case 'ip6':
      return '2001:db8::1';
    case 'mac':
      return '02:00:00:00:00:01';
    case 'duration':
      return '1s';
    case 'string':
      return 'x';
  }
}
