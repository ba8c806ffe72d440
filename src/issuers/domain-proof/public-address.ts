import { BlockList, isIP } from 'node:net';

/**
 * Addresses the HTTP check must never connect to, so that a domain whose A/AAAA records point
 * inside our network (or at the host itself) cannot turn the check into a request forgery:
 * every IPv4 range IANA marks as not globally reachable, and all of IPv6 outside global unicast
 * 2000::/3 (which also covers IPv4-mapped ::ffff:0:0/96, loopback, ULA fc00::/7, link-local
 * fe80::/10 and multicast), plus the non-global blocks inside 2000::/3.
 */
// Two lists: a BlockList also applies IPv6 rules to IPv4 addresses (as ::ffff:a.b.c.d), which
// the ::/3 rule below would then refuse.
const NON_PUBLIC_V4 = new BlockList();
const NON_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 3], // everything below 2000::, including ::, ::1, ::ffff:0:0/96, 64:ff9b::/96, 100::/64
  ['4000::', 2], // not allocated; also ULA fc00::/7, link-local fe80::/10 (inside 8000::/1 below)
  ['8000::', 1],
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an arbitrary IPv4 address
  ['3fff::', 20], // documentation (RFC 9637)
] as const) {
  NON_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (IPv4 or IPv6 literal) is a public unicast address we may connect to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4
    ? !NON_PUBLIC_V4.check(address, 'ipv4')
    : !NON_PUBLIC_V6.check(address, 'ipv6');
}

/** Whether `address` is a loopback address (127.0.0.0/8 or ::1). */
export function isLoopbackAddress(address: string): boolean {
  return (isIP(address) === 4 && address.startsWith('127.')) || address === '::1';
}
