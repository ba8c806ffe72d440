import { describe, expect, it } from 'vitest';
import { DecryptionError, openAead, sealAead } from './aead.js';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import {
  openRecord,
  sealRecord,
  unwrapForOrganisation,
  unwrapWithActivationSecret,
  unwrapWithMasterKey,
  wrapForOrganisation,
  wrapWithActivationSecret,
  wrapWithMasterKey,
} from './document-keys.js';
import {
  unwrapOrganisationKeyForSession,
  unwrapOrganisationKeyForUser,
  unwrapOrganisationKeyWithRecovery,
  wrapOrganisationKeyForRecovery,
  wrapOrganisationKeyForSession,
  wrapOrganisationKeyForUser,
} from './organisation-keys.js';
import { derivePasswordKey, hashPassword, verifyPassword } from './password.js';
import {
  decodeKey,
  encodeKey,
  isPublicId,
  randomBytesOf,
  randomKey,
  randomPublicId,
} from './random.js';
import {
  createSealer,
  generateX25519KeyPair,
  openSealedBox,
  publicKeyOf,
  sealToPublicKey,
} from './sealed-box.js';

function flipByte(value: Buffer, index: number): Buffer {
  const copy = Buffer.from(value);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

/** Every way we know to damage a ciphertext: each must fail to open. */
function tamperings(sealed: Buffer): Array<[string, Buffer]> {
  return [
    ['first byte flipped', flipByte(sealed, 0)],
    ['middle byte flipped', flipByte(sealed, Math.floor(sealed.length / 2))],
    ['last byte flipped', flipByte(sealed, sealed.length - 1)],
    ['truncated by one byte', sealed.subarray(0, sealed.length - 1)],
    ['truncated to the header', sealed.subarray(0, 13)],
    ['empty', Buffer.alloc(0)],
    ['one byte appended', Buffer.concat([sealed, Buffer.from([0])])],
  ];
}

describe('AES-256-GCM envelope', () => {
  const key = randomKey();
  const sealed = sealAead(key, Buffer.from('Zoë Ångström-Ñúñez'), 'row-1');

  it('round-trips and uses a fresh nonce every time', () => {
    expect(openAead(key, sealed, 'row-1').toString()).toBe('Zoë Ångström-Ñúñez');
    expect(
      sealAead(key, Buffer.from('same'), 'a').equals(sealAead(key, Buffer.from('same'), 'a')),
    ).toBe(false);
  });

  it('fails closed with another key', () => {
    expect(() => openAead(randomKey(), sealed, 'row-1')).toThrow(DecryptionError);
  });

  it('fails closed when moved to another row (associated data)', () => {
    expect(() => openAead(key, sealed, 'row-2')).toThrow(DecryptionError);
  });

  it.each(tamperings(sealed))('fails closed when %s', (_name, damaged) => {
    expect(() => openAead(key, damaged, 'row-1')).toThrow(DecryptionError);
  });

  it('does not hold the plaintext in the clear', () => {
    expect(sealed.includes(Buffer.from('Zoë'))).toBe(false);
  });

  it('refuses keys that are not 256 bits', () => {
    expect(() => sealAead(Buffer.alloc(16), Buffer.from('x'), 'a')).toThrow(RangeError);
  });
});

describe('X25519 sealed box', () => {
  const pair = generateX25519KeyPair();
  const sealed = sealToPublicKey(pair.publicKey, Buffer.from('dek'), 'doc-1');

  it('opens with the private key and derives the same public key', () => {
    expect(openSealedBox(pair.privateKey, sealed, 'doc-1').toString()).toBe('dek');
    expect(publicKeyOf(pair.privateKey).equals(pair.publicKey)).toBe(true);
  });

  it('derives public keys and shared secrets as RFC 7748 §6.1 says', () => {
    const alice = Buffer.from(
      '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
      'hex',
    );
    const bob = Buffer.from(
      '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
      'hex',
    );
    expect(publicKeyOf(alice).toString('hex')).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    );
    expect(publicKeyOf(bob).toString('hex')).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    );
    // A box sealed to Bob opens with Bob's key only: the ECDH on both sides agrees.
    const box = sealToPublicKey(publicKeyOf(bob), Buffer.from('dek'), 'doc-1');
    expect(openSealedBox(bob, box, 'doc-1').toString()).toBe('dek');
    expect(() => openSealedBox(alice, box, 'doc-1')).toThrow(DecryptionError);
  });

  it('one sealer seals many boxes: each opens alone, for its own row only, with its own nonce', () => {
    const seal = createSealer(pair.publicKey);
    const first = seal(Buffer.from('dek-1'), 'doc-1');
    const second = seal(Buffer.from('dek-2'), 'doc-2');
    const again = seal(Buffer.from('dek-1'), 'doc-1');
    expect(openSealedBox(pair.privateKey, first, 'doc-1').toString()).toBe('dek-1');
    expect(openSealedBox(pair.privateKey, second, 'doc-2').toString()).toBe('dek-2');
    expect(first.subarray(0, 32).equals(second.subarray(0, 32))).toBe(true);
    expect(again.equals(first)).toBe(false);
    expect(() => openSealedBox(pair.privateKey, first, 'doc-2')).toThrow(DecryptionError);
    expect(() => openSealedBox(pair.privateKey, second, 'doc-1')).toThrow(DecryptionError);
    // A new sealer is a new ephemeral key.
    expect(createSealer(pair.publicKey)(Buffer.from('x'), 'doc-1').subarray(0, 32)).not.toEqual(
      first.subarray(0, 32),
    );
  });

  it('fails closed with another private key or another row', () => {
    expect(() => openSealedBox(generateX25519KeyPair().privateKey, sealed, 'doc-1')).toThrow(
      DecryptionError,
    );
    expect(() => openSealedBox(pair.privateKey, sealed, 'doc-2')).toThrow(DecryptionError);
  });

  it.each(tamperings(sealed))('fails closed when %s', (_name, damaged) => {
    expect(() => openSealedBox(pair.privateKey, damaged, 'doc-1')).toThrow(DecryptionError);
  });
});

describe('document key wraps', () => {
  const dek = randomKey();
  const secret = randomKey();
  const org = generateX25519KeyPair();
  const master = randomKey();
  const documentId = randomPublicId();
  const otherDocumentId = randomPublicId();

  it('wrapA opens only with the right secret for the right document', () => {
    const wrapA = wrapWithActivationSecret(dek, secret, documentId);
    expect(unwrapWithActivationSecret(wrapA, secret, documentId).equals(dek)).toBe(true);
    expect(() => unwrapWithActivationSecret(wrapA, randomKey(), documentId)).toThrow(
      DecryptionError,
    );
    expect(() => unwrapWithActivationSecret(wrapA, secret, otherDocumentId)).toThrow(
      DecryptionError,
    );
    expect(() => unwrapWithActivationSecret(flipByte(wrapA, 20), secret, documentId)).toThrow(
      DecryptionError,
    );
  });

  it('wrapB opens only with the organisation key for the right document', () => {
    const wrapB = wrapForOrganisation(dek, org.publicKey, documentId);
    expect(unwrapForOrganisation(wrapB, org.privateKey, documentId).equals(dek)).toBe(true);
    expect(() => unwrapForOrganisation(wrapB, org.privateKey, otherDocumentId)).toThrow(
      DecryptionError,
    );
  });

  it('a wrap cannot be used as another kind of wrap', () => {
    const wrapM = wrapWithMasterKey(dek, master, documentId);
    expect(unwrapWithMasterKey(wrapM, master, documentId).equals(dek)).toBe(true);
    expect(() => openRecord(master, wrapM, documentId)).toThrow(DecryptionError);
  });

  it('the record moved to another document does not open', () => {
    const record = sealRecord(dek, Buffer.from('{"name":"Дмитрий"}'), documentId);
    expect(openRecord(dek, record, documentId).toString()).toBe('{"name":"Дмитрий"}');
    expect(() => openRecord(dek, record, otherDocumentId)).toThrow(DecryptionError);
  });
});

describe('organisation key wraps and passwords', () => {
  const org = generateX25519KeyPair();

  it('a wrong password does not unwrap the organisation key', async () => {
    const salt = randomBytesOf(16);
    const wrapped = wrapOrganisationKeyForUser(
      org.privateKey,
      await derivePasswordKey('correct horse battery', salt),
      'o1',
      'u1',
    );
    const right = await derivePasswordKey('correct horse battery', salt);
    const wrong = await derivePasswordKey('correct horse battery!', salt);
    expect(unwrapOrganisationKeyForUser(wrapped, right, 'o1', 'u1').equals(org.privateKey)).toBe(
      true,
    );
    expect(() => unwrapOrganisationKeyForUser(wrapped, wrong, 'o1', 'u1')).toThrow(DecryptionError);
    expect(() => unwrapOrganisationKeyForUser(wrapped, right, 'o1', 'u2')).toThrow(DecryptionError);
  });

  it('the password hash verifies only the right password', async () => {
    const stored = await hashPassword('a long enough password');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    await expect(verifyPassword(stored, 'a long enough password')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'a long enough passwor')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'x')).resolves.toBe(false);
  });

  it('recovery and session wraps open only with their own key', () => {
    const recovery = randomKey();
    const wrapped = wrapOrganisationKeyForRecovery(org.privateKey, recovery, 'o1');
    expect(unwrapOrganisationKeyWithRecovery(wrapped, recovery, 'o1').equals(org.privateKey)).toBe(
      true,
    );
    expect(() => unwrapOrganisationKeyWithRecovery(wrapped, randomKey(), 'o1')).toThrow(
      DecryptionError,
    );
    const token = randomKey();
    const sessionWrap = wrapOrganisationKeyForSession(org.privateKey, token, 's1', 'o1');
    expect(
      unwrapOrganisationKeyForSession(sessionWrap, token, 's1', 'o1').equals(org.privateKey),
    ).toBe(true);
    expect(() => unwrapOrganisationKeyForSession(sessionWrap, token, 's2', 'o1')).toThrow(
      DecryptionError,
    );
  });
});

describe('public ids', () => {
  it('are 22 base64url characters and never start with "-" or "_" (command lines)', () => {
    const ids = Array.from({ length: 5000 }, () => randomPublicId());
    expect(ids.every((id) => isPublicId(id) && /^[A-Za-z0-9]/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Both symbols still appear elsewhere in ids: only the first character is constrained.
    expect(ids.some((id) => id.slice(1).includes('-'))).toBe(true);
  });
});

describe('encodings', () => {
  it('public ids are 128-bit base64url', () => {
    const id = randomPublicId();
    expect(isPublicId(id)).toBe(true);
    expect(isPublicId(`${id}x`)).toBe(false);
    expect(isPublicId('../../etc/passwd')).toBe(false);
  });

  it('keys decode only from exactly 32 base64url bytes', () => {
    const key = randomKey();
    expect(decodeKey(encodeKey(key))?.equals(key)).toBe(true);
    expect(decodeKey(encodeKey(key).slice(1))).toBeNull();
    expect(decodeKey('!'.repeat(43))).toBeNull();
  });

  it('canonical JSON sorts keys and omits white space', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], c: { z: 0, y: 'x' } })).toBe(
      '{"a":[true,null,"é"],"b":1,"c":{"y":"x","z":0}}',
    );
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });
});
