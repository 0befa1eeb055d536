import { describe, expect, it } from 'vitest';
import { compareVersions, isVersionRange, satisfies } from './versions.js';

describe('version ranges', () => {
  it('matches comparators, caret, tilde, wildcards and alternatives', () => {
    expect(satisfies('0.1.0', '>=0.1.0 <1')).toBe(true);
    expect(satisfies('1.0.0', '>=0.1.0 <1')).toBe(false);
    expect(satisfies('0.0.9', '>=0.1.0')).toBe(false);
    expect(satisfies('1.4.2', '^1.2.0')).toBe(true);
    expect(satisfies('2.0.0', '^1.2.0')).toBe(false);
    expect(satisfies('0.2.5', '^0.2.1')).toBe(true);
    expect(satisfies('0.3.0', '^0.2.1')).toBe(false);
    expect(satisfies('1.2.9', '~1.2.3')).toBe(true);
    expect(satisfies('1.3.0', '~1.2.3')).toBe(false);
    expect(satisfies('1.7.3', '1.x')).toBe(true);
    expect(satisfies('2.0.0', '1.x || >=3.0.0')).toBe(false);
    expect(satisfies('3.1.0', '1.x || >=3.0.0')).toBe(true);
    expect(satisfies('5.0.0', '*')).toBe(true);
    expect(satisfies('1.2.3', '1.2.3')).toBe(true);
    expect(satisfies('1.2.4', '1.2.3')).toBe(false);
  });

  it('refuses malformed ranges', () => {
    expect(isVersionRange('>=0.1.0 <1')).toBe(true);
    expect(isVersionRange('banana')).toBe(false);
    expect(isVersionRange('')).toBe(false);
    expect(isVersionRange('>=1.0.0 ||')).toBe(false);
    expect(satisfies('1.0.0', 'banana')).toBe(false);
  });

  it('orders versions', () => {
    expect(compareVersions('0.2.0', '0.10.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });
});
