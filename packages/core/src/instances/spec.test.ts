import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { CreateSpec, labelsMatch, parseLabels, Selector, validate } from './spec.js';

describe('instance specifications', () => {
  it('fills defaults: process backend, no labels or ports, 256-slot 1518-byte rings', () => {
    expect(validate(CreateSpec, { name: 'fw1', ports: [{ switch: 'vale0' }] }, 'instance')).toEqual({
      name: 'fw1',
      backend: 'process',
      labels: {},
      ports: [{ switch: 'vale0', slots: 256, frame: 1518 }],
      resources: {},
      definitions: {},
    });
  });

  it('names every bad field', () => {
    const bad = () =>
      validate(
        CreateSpec,
        { name: 'a b', ports: [{ switch: 'vale0', slots: 300, mac: 'nope' }], resources: { cpuPercent: 0 } },
        'instance',
      );
    expect(bad).toThrow(UsageError);
    expect(bad).toThrow(/name: /);
    expect(bad).toThrow(/ports\.0\.slots: slots must be a power of two/);
    expect(bad).toThrow(/ports\.0\.mac: expected a MAC address/);
    expect(bad).toThrow(/resources\.cpuPercent/);
  });

  it('takes a CPU list for placement and refuses anything else', () => {
    const spec = (cpus: string) => validate(CreateSpec, { name: 'p', resources: { cpus } }, 'instance');
    expect(spec('0').resources.cpus).toBe('0');
    expect(spec('0-1,3').resources.cpus).toBe('0-1,3');
    expect(spec('0-1023').resources.cpus).toBe('0-1023');
    for (const bad of ['', 'all', '0,', '-1', '0--1', '0 1', '1-0', '0,3-2', '1024', '0-1024'])
      expect(() => spec(bad)).toThrow(/resources\.cpus: expected a CPU list/);
  });

  it('parses labels from a command line and matches selectors', () => {
    expect(parseLabels('role=fw, tenant=a')).toEqual({ role: 'fw', tenant: 'a' });
    expect(parseLabels(['x=1'])).toEqual({ x: '1' });
    expect(() => parseLabels('role')).toThrow(/KEY=VALUE/);
    expect(labelsMatch({ role: 'fw', tenant: 'a' }, { role: 'fw' })).toBe(true);
    expect(labelsMatch({ role: 'fw' }, { role: 'fw', tenant: 'a' })).toBe(false);
    expect(validate(Selector, 'all', 'selector')).toBe('all');
    expect(() => validate(Selector, { labels: {} }, 'selector')).toThrow(UsageError);
  });
});
