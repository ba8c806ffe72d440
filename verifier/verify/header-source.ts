import { BitcoinCoreRpcSource } from '../bitcoin/bitcoin-core-rpc-source.js';
import type { BlockHeaderSource } from '../bitcoin/block-header-source.js';
import { EsploraSource } from '../bitcoin/esplora-source.js';

/** Where block headers come from when nothing else is said: a public Esplora API. */
export const DEFAULT_HEADER_SOURCE = 'esplora:https://blockstream.info/api';

/** A block header source as written on a command line: `esplora:<url>` or `rpc:<url>`. */
export type HeaderSourceSpec =
  | { readonly kind: 'esplora'; readonly url: string }
  | {
      readonly kind: 'rpc';
      readonly url: string;
      readonly username: string | null;
      readonly password: string | null;
    };

/**
 * Reads `esplora:<url>` (an Esplora REST API, no credentials) or `rpc:<url>` (a Bitcoin Core
 * node, credentials in the URL). The same syntax as the server's `BITCOIN_HEADER_SOURCE`.
 */
export function parseHeaderSourceSpec(raw: string): HeaderSourceSpec | { problem: string } {
  const match = /^(esplora|rpc):(.*)$/.exec(raw.trim());
  if (match === null || match[2] === undefined)
    return { problem: 'must be esplora:<url> or rpc:<url>' };
  let url: URL;
  try {
    url = new URL(match[2]);
  } catch {
    return { problem: `must be ${match[1] ?? ''}:<url> with a URL that can be parsed` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { problem: 'must use an http or https URL' };
  if (match[1] === 'esplora') {
    if (url.username !== '' || url.password !== '')
      return { problem: 'must not contain credentials for an Esplora API' };
    return { kind: 'esplora', url: url.toString().replace(/\/+$/, '') };
  }
  const username = url.username === '' ? null : decodeURIComponent(url.username);
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { kind: 'rpc', url: url.toString(), username, password };
}

/** The source a spec names. */
export function openHeaderSource(spec: HeaderSourceSpec, timeoutMs = 10_000): BlockHeaderSource {
  if (spec.kind === 'esplora') return new EsploraSource(spec.url, { timeoutMs });
  const auth =
    spec.username === null ? undefined : { username: spec.username, password: spec.password ?? '' };
  return new BitcoinCoreRpcSource(spec.url, auth, { timeoutMs });
}

/** A short description for messages (never the credentials). */
export function describeHeaderSourceSpec(spec: HeaderSourceSpec): string {
  return `${spec.kind === 'esplora' ? 'Esplora' : 'Bitcoin Core RPC'} at ${spec.url}`;
}
