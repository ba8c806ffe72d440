import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { AppError } from '../../errors.js';

/**
 * Top-level names that never lead to a domain an organisation can own on the public Internet
 * (RFC 2606, 6761, 6762, 7686, 8375, and ICANN's reservation of .internal). Refusing them up front
 * gives a clear message instead of a DNS failure, and keeps the HTTP check away from local names.
 */
const RESERVED_TOP_LEVEL = new Set([
  'localhost',
  'local',
  'internal',
  'invalid',
  'test',
  'example',
  'onion',
  'arpa',
  'home',
  'lan',
  'corp',
]);

const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_PATTERN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field: 'domain' } });
}

/**
 * Normalises a domain name an organisation typed and checks it can be proven: trimmed, lower-case,
 * one trailing dot dropped, internationalised names converted to their ASCII (punycode) form
 * with the WHATWG rules of `node:url`. Refuses, each with a one-sentence `INVALID_INPUT`: URLs,
 * ports and paths, IP addresses (including the numeric forms the URL parser reads as IPv4, such
 * as `0x7f.1`), `localhost` and other reserved names, single labels, names over 253 characters,
 * and labels that are not 1 to 63 letters, digits or inner hyphens.
 */
export function checkDomainName(input: string): string {
  const trimmed = input.trim();
  if (trimmed.length === 0) throw invalid('domain is required.');
  if (trimmed.length > 1000) throw invalid('domain must be at most 253 characters long.');
  const withoutDot = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (isIP(withoutDot) !== 0 || /^\[.*\]$/.test(withoutDot)) {
    throw invalid('domain must be a domain name such as example.org, not an IP address.');
  }
  if (/[/:@?#\\\s]/.test(withoutDot)) {
    throw invalid(
      'domain must be a bare name such as example.org, without https://, a port, a path or spaces.',
    );
  }
  const ascii = domainToASCII(withoutDot);
  if (ascii === '') throw invalid('domain is not a valid domain name.');
  if (isIP(ascii) !== 0) {
    throw invalid('domain must be a domain name such as example.org, not an IP address.');
  }
  if (ascii.length > 253) throw invalid('domain must be at most 253 characters long.');
  const labels = ascii.split('.');
  if (labels.length < 2) {
    throw invalid('domain must have at least two parts, such as example.org.');
  }
  if (!labels.every((label) => LABEL_PATTERN.test(label))) {
    throw invalid(
      'domain has an invalid part: each part between dots must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.',
    );
  }
  const topLevel = labels[labels.length - 1]!;
  if (!TOP_LEVEL_PATTERN.test(topLevel)) {
    throw invalid('domain must end in a top-level domain made of letters, such as .org.');
  }
  if (RESERVED_TOP_LEVEL.has(topLevel) || ascii === 'home.arpa') {
    throw invalid(
      `domain must be a public domain name; .${topLevel} is reserved for local or special use.`,
    );
  }
  return ascii;
}
