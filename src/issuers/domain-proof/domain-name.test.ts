import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { checkDomainName } from './domain-name.js';

describe('checkDomainName', () => {
  it('normalises case, white space, one trailing dot and IDN to punycode', () => {
    expect(checkDomainName('  Example.ORG. ')).toBe('example.org');
    expect(checkDomainName('münchen.example.org')).toBe('xn--mnchen-3ya.example.org');
    expect(checkDomainName('Bücher-Verlag.DE')).toBe('xn--bcher-verlag-dlb.de');
    expect(checkDomainName('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
    expect(checkDomainName('a.b.c.d.example.co.uk')).toBe('a.b.c.d.example.co.uk');
  });

  it('accepts exactly 253 characters and refuses 254', () => {
    const name253 = `${'abcdefghi.'.repeat(25)}org`;
    expect(name253).toHaveLength(253);
    expect(checkDomainName(name253)).toBe(name253);
    expect(() => checkDomainName(`a${name253}`)).toThrow(/at most 253 characters/);
  });

  it('throws INVALID_INPUT on the domain field, never echoing the input', () => {
    for (const input of [
      '192.168.1.1',
      'http://x.org',
      'localhost',
      'x_y.org',
      'home.arpa',
      'a.onion',
    ]) {
      let caught: unknown;
      try {
        checkDomainName(input);
      } catch (error) {
        caught = error;
      }
      expect(caught, input).toBeInstanceOf(AppError);
      const error = caught as AppError;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toEqual({ field: 'domain' });
      expect(error.message).not.toContain(input);
    }
  });
});
