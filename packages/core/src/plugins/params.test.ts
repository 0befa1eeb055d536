import { describe, expect, it } from 'vitest';
import type { ConfigSpecValue } from './manifest.js';
import { parseParamArgs, resolveParams } from './params.js';

const config: ConfigSpecValue = {
  file: 'c.click',
  description: 'd',
  params: {
    PORT: { type: 'integer', min: 0, max: 63, default: 0, required: false, description: 'port' },
    PEER: { type: 'ip', required: true, description: 'the peer address' },
    NET: { type: 'ip-prefix', default: '10.0.0.0/8', required: false, description: 'net' },
    MAC: { type: 'mac', default: '02:00:00:00:00:01', required: false, description: 'mac' },
    V6: { type: 'ip6', default: '2001:db8::1', required: false, description: 'v6' },
    ON: { type: 'boolean', default: true, required: false, description: 'on' },
    MODE: { type: 'enum', values: ['fast', 'slow'], default: 'fast', required: false, description: 'mode' },
    WAIT: { type: 'duration', default: '10ms', required: false, description: 'wait' },
    LABEL: { type: 'string', pattern: '[a-z]+', default: 'abc', required: false, description: 'label' },
  },
};

function error(given: Record<string, string>): string {
  try {
    resolveParams('p', 'c', config, given);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('plugin parameters', () => {
  it('fills defaults and normalizes booleans', () => {
    expect(resolveParams('p', 'c', config, { PEER: '192.0.2.7', ON: 'no' })).toEqual({
      PORT: '0',
      PEER: '192.0.2.7',
      NET: '10.0.0.0/8',
      MAC: '02:00:00:00:00:01',
      V6: '2001:db8::1',
      ON: 'false',
      MODE: 'fast',
      WAIT: '10ms',
      LABEL: 'abc',
    });
  });

  it('refuses each bad value with a message naming the parameter', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: 'x' }, "invalid parameter PORT: expected an integer, got 'x'"],
      [{ PORT: '64' }, 'invalid parameter PORT: 64 is above the maximum 63'],
      [{ PORT: '-1' }, 'invalid parameter PORT: -1 is below the minimum 0'],
      [
        { PEER: '256.1.1.1' },
        "invalid parameter PEER: expected an IPv4 address such as 10.0.0.1, got '256.1.1.1'",
      ],
      [{ NET: '10.0.0.0/33' }, 'invalid parameter NET: expected an IPv4 prefix'],
      [{ MAC: '02:00:00:00:00' }, 'invalid parameter MAC: expected a MAC address'],
      [{ V6: '2001:::1::' }, 'invalid parameter V6: expected an IPv6 address'],
      [{ ON: 'perhaps' }, "invalid parameter ON: expected true or false, got 'perhaps'"],
      [{ MODE: 'medium' }, "invalid parameter MODE: expected one of fast, slow, got 'medium'"],
      [{ WAIT: 'soon' }, 'invalid parameter WAIT: expected a duration'],
      [{ LABEL: 'ABC' }, "invalid parameter LABEL: 'ABC' does not match [a-z]+"],
      [{ LABEL: 'a, Discard' }, 'invalid parameter LABEL:'],
      [{ COLOR: 'red' }, 'unknown parameter COLOR (p/c takes PORT, PEER'],
    ];
    for (const [given, message] of cases) {
      expect(error({ PEER: '192.0.2.1', ...given })).toContain(message);
    }
  });

  it("refuses names of Object's own properties as unknown parameters", () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const given: Record<string, string> = { PEER: '192.0.2.1' };
      Object.defineProperty(given, name, { value: 'x', enumerable: true });
      expect(error(given)).toContain(`unknown parameter ${name} (p/c takes PORT, PEER`);
    }
  });

  it('reports a missing required parameter with its description, and every problem at once', () => {
    const text = error({ PORT: 'x' });
    expect(text).toContain("invalid parameter PORT: expected an integer, got 'x'");
    expect(text).toContain('missing parameter PEER: the peer address');
  });

  it('parses KEY=VALUE arguments', () => {
    expect(parseParamArgs(['A=1', 'B=x=y', 'C='])).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(() => parseParamArgs(['A'])).toThrow("invalid parameter 'A': expected KEY=VALUE");
    expect(() => parseParamArgs(['=1'])).toThrow("invalid parameter '=1': expected KEY=VALUE");
    expect(() => parseParamArgs(['A=1', 'A=2'])).toThrow('parameter A is given twice');
  });
});
