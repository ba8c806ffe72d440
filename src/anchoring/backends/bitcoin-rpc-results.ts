import { BitcoinRpcError } from './bitcoin-rpc-client.js';

/**
 * Shape checks for what Bitcoin Core returns. RPC results are `unknown` until one of these has
 * looked at them; a surprise becomes a {@link BitcoinRpcError} of kind `protocol` naming the
 * method and field, never a `TypeError` deep inside the backend.
 */

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const HASH = /^[0-9a-fA-F]{64}$/;

/** Reads the fields of one RPC result. */
export class RpcResult {
  private constructor(
    private readonly method: string,
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** Wraps `value`, which must be a JSON object. */
  static of(method: string, value: unknown): RpcResult {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw malformed(method, 'the result is not an object');
    }
    return new RpcResult(method, value as Record<string, unknown>);
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined && this.fields[name] !== null;
  }

  raw(name: string): unknown {
    return this.fields[name];
  }

  number(name: string): number {
    const value = this.fields[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw malformed(this.method, `${name} is not a number`);
    }
    return value;
  }

  integer(name: string): number {
    const value = this.number(name);
    if (!Number.isSafeInteger(value)) throw malformed(this.method, `${name} is not an integer`);
    return value;
  }

  boolean(name: string): boolean {
    const value = this.fields[name];
    if (typeof value !== 'boolean') throw malformed(this.method, `${name} is not a boolean`);
    return value;
  }

  hex(name: string): string {
    return hexString(this.method, this.fields[name], name);
  }

  hash(name: string): string {
    return hashString(this.method, this.fields[name], name);
  }

  /** An array of 64-character hex hashes (e.g. `getblock`'s `tx`), lower-cased. */
  hashes(name: string): string[] {
    const value = this.fields[name];
    if (!Array.isArray(value)) throw malformed(this.method, `${name} is not an array`);
    return value.map((item: unknown, index) => hashString(this.method, item, `${name}[${index}]`));
  }
}

/** A protocol error: Core's answer is not shaped as documented. */
export function malformed(method: string, detail: string): BitcoinRpcError {
  return new BitcoinRpcError(method, 'protocol', null, `Bitcoin Core ${method}: ${detail}`);
}

/** Checks an even-length hex string. */
export function hexString(method: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw malformed(method, `${what} is not hex`);
  }
  return value.toLowerCase();
}

/** Checks a 32-byte hash in hex (txid, block hash), lower-cased. */
export function hashString(method: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || !HASH.test(value)) {
    throw malformed(method, `${what} is not a 64-character hex hash`);
  }
  return value.toLowerCase();
}

/** Satoshis in a BTC amount as RPC prints it (a JSON number with up to 8 decimals). */
export function satoshis(btc: number): number {
  return Math.round(Math.abs(btc) * 1e8);
}
