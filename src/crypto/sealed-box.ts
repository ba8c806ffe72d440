import { createPrivateKey, createPublicKey, diffieHellman, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DecryptionError, openAead, sealAead } from './aead.js';
import { deriveKey } from './hkdf.js';

/**
 * Sealed boxes to an X25519 public key (HPKE-style: ephemeral X25519, HKDF-SHA-256 over the
 * shared secret with both public keys as salt, AES-256-GCM). Anyone with the public key can
 * seal; only the private key opens. Used for `wrapB`, so issuing needs only the org public key.
 *
 * Format: ephemeral public key (32) ‖ AEAD value (see aead.ts).
 */
const PUBLIC_KEY_LENGTH = 32;
const INFO = 'certa/sealed-box/v1';

export interface X25519KeyPair {
  /** Raw 32-byte public key. */
  publicKey: Buffer;
  /** Raw 32-byte private key. Keep wrapped at rest. */
  privateKey: Buffer;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('X25519 key has no public part');
  return Buffer.from(jwk.x, 'base64url');
}

function publicKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== PUBLIC_KEY_LENGTH) throw new RangeError('X25519 public keys are 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Imports a raw private key through JWK, not PKCS#8 DER: Node 20's OpenSSL 3.0 DER decoder takes
 * ~0.7 ms per key on this hardware (it was most of the cost of issuing a document), the JWK path
 * ~0.05 ms. For an OKP private key Node builds the key from `d` alone; RFC 8037 makes `x`
 * mandatory, so the member is present, but its value is not used — the public key is always
 * derived from the private one (sealed-box.test.ts checks this against RFC 7748's vectors, so
 * a Node that started to trust `x` would fail the tests, not seal to a wrong key).
 */
function privateKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new RangeError('X25519 private keys are 32 bytes');
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: raw.toString('base64url'), x: '' },
    format: 'jwk',
  });
}

/** A new X25519 key pair as raw bytes. */
export function generateX25519KeyPair(): X25519KeyPair {
  // Any 32 random bytes are an X25519 private key (RFC 7748 clamps them). We avoid
  // generateKeyPairSync: exporting a key it made can deadlock Node 20 when garbage collection
  // runs during the export (seen in the issuance benchmark; gdb: ExportJWKEdKey → ~KeyGenJob).
  const privateKey = randomBytes(32);
  return { publicKey: publicKeyOf(privateKey), privateKey };
}

/** The raw public key that belongs to a raw private key. */
export function publicKeyOf(privateKey: Buffer): Buffer {
  return rawPublicKey(createPublicKey(privateKeyObject(privateKey)));
}

function boxKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return deriveKey(shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO);
}

/** Seals plaintexts to one recipient; see {@link createSealer}. */
export type Sealer = (plaintext: Buffer, associatedData: string) => Buffer;

/**
 * Returns a function that seals any number of boxes to `recipientPublicKey` with ONE ephemeral
 * key pair and one X25519 agreement (the expensive part, ~0.15 ms). Every box is the usual
 * format — ephemeral public key ‖ AEAD value — and opens with {@link openSealedBox}; boxes of
 * one sealer share the AES-256-GCM key, each with its own random 96-bit nonce and bound to its
 * own `associatedData`, so none can stand in for another. Use one sealer per batch of at most a
 * few thousand boxes (GCM with random nonces is safe far beyond that: 2^32 messages per key).
 * The ephemeral private key and the shared secret are wiped before this returns.
 */
export function createSealer(recipientPublicKey: Buffer): Sealer {
  const recipient = publicKeyObject(recipientPublicKey);
  const ephemeral = generateX25519KeyPair();
  const shared = diffieHellman({
    privateKey: privateKeyObject(ephemeral.privateKey),
    publicKey: recipient,
  });
  ephemeral.privateKey.fill(0);
  const ephemeralPublic = ephemeral.publicKey;
  const key = boxKey(shared, ephemeralPublic, recipientPublicKey);
  shared.fill(0);
  return (plaintext, associatedData) =>
    Buffer.concat([ephemeralPublic, sealAead(key, plaintext, associatedData)]);
}

/** Seals `plaintext` to `recipientPublicKey`, bound to `associatedData` (a fresh ephemeral key). */
export function sealToPublicKey(
  recipientPublicKey: Buffer,
  plaintext: Buffer,
  associatedData: string,
): Buffer {
  return createSealer(recipientPublicKey)(plaintext, associatedData);
}

/** Opens a sealed box with the recipient's raw private key; throws DecryptionError on mismatch. */
export function openSealedBox(
  recipientPrivateKey: Buffer,
  sealed: Buffer,
  associatedData: string,
): Buffer {
  if (sealed.length <= PUBLIC_KEY_LENGTH) throw new DecryptionError();
  const ephemeralPublic = sealed.subarray(0, PUBLIC_KEY_LENGTH);
  const privateKey = privateKeyObject(recipientPrivateKey);
  let shared: Buffer;
  try {
    shared = diffieHellman({
      privateKey,
      publicKey: publicKeyObject(Buffer.from(ephemeralPublic)),
    });
  } catch {
    throw new DecryptionError();
  }
  const key = boxKey(shared, ephemeralPublic, publicKeyOf(recipientPrivateKey));
  return openAead(key, sealed.subarray(PUBLIC_KEY_LENGTH), associatedData);
}
