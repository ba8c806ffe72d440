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

function privateKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new RangeError('X25519 private keys are 32 bytes');
  const pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, raw]), format: 'der', type: 'pkcs8' });
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

/** Seals `plaintext` to `recipientPublicKey`, bound to `associatedData`. */
export function sealToPublicKey(
  recipientPublicKey: Buffer,
  plaintext: Buffer,
  associatedData: string,
): Buffer {
  const recipient = publicKeyObject(recipientPublicKey);
  const ephemeral = generateX25519KeyPair();
  const shared = diffieHellman({
    privateKey: privateKeyObject(ephemeral.privateKey),
    publicKey: recipient,
  });
  const ephemeralPublic = ephemeral.publicKey;
  const key = boxKey(shared, ephemeralPublic, recipientPublicKey);
  return Buffer.concat([ephemeralPublic, sealAead(key, plaintext, associatedData)]);
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
