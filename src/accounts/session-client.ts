import { isIPv4, isIPv6 } from 'node:net';

/*
 * What a session remembers of the client that opened it, so that its user can tell their
 * sessions apart: a short summary of the User-Agent header (never the header itself, which is
 * a fingerprint) and the network the request came from (the address truncated, never whole).
 */

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^node\b|\bundici\b/i, 'Node.js'],
  [/^certa\b/i, 'Certa CLI'],
];

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * "Firefox on Linux", "Safari on iOS", "curl"…: the browser family and operating system named
 * by a User-Agent header, without versions; "Other client" when neither is recognised; null
 * without a header.
 */
export function summariseUserAgent(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  const value = header.slice(0, 512);
  const browser = BROWSERS.find(([pattern]) => pattern.test(value))?.[1] ?? null;
  const system = SYSTEMS.find(([pattern]) => pattern.test(value))?.[1] ?? null;
  if (browser !== null && system !== null) return `${browser} on ${system}`;
  return browser ?? system ?? 'Other client';
}

/**
 * The client's network: an IPv4 address truncated to its /24 (`203.0.113.0/24`), an IPv6
 * address to its /48 (`2001:db8:1::/48`); IPv4-mapped IPv6 counts as IPv4. Null for anything
 * else.
 */
export function truncateClientAddress(address: string | undefined): string | null {
  if (address === undefined) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const candidate = mapped?.[1] ?? address;
  if (isIPv4(candidate)) {
    const [a, b, c] = candidate.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(candidate)) {
    const groups = expandIPv6(candidate).slice(0, 3);
    const prefix = groups.map((group) => group.replace(/^0+(?=.)/, '')).join(':');
    return `${prefix}::/48`;
  }
  return null;
}

/** The eight hexadecimal groups of an IPv6 address (zone dropped; no IPv4 tail expected here). */
function expandIPv6(address: string): string[] {
  const bare = address.split('%')[0] ?? address;
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(missing, 0) }, () => '0'), ...right];
}
