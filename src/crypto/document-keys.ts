import { openAead, sealAead } from './aead.js';
import { deriveKey } from './hkdf.js';
import { createSealer, openSealedBox, sealToPublicKey } from './sealed-box.js';

/**
 * The wraps of one document's data key (DEK), DESIGN §3. Each is bound to the document's public
 * id and its purpose, so a wrap copied to another document, or used as another kind of wrap,
 * does not open.
 */
const purpose = {
  record: 'certa/document-record/v1',
  wrapA: 'certa/wrap-a/v1',
  wrapB: 'certa/wrap-b/v1',
  wrapMaster: 'certa/wrap-master/v1',
  file: 'certa/document-file/v1',
} as const;

function boundTo(label: string, documentId: string): string {
  return `${label}|${documentId}`;
}

function activationKey(activationSecret: Buffer, documentId: string): Buffer {
  return deriveKey(activationSecret, documentId, purpose.wrapA);
}

/** wrapA: the DEK under a key derived (HKDF) from the activation secret and the document id. */
export function wrapWithActivationSecret(
  dek: Buffer,
  activationSecret: Buffer,
  documentId: string,
): Buffer {
  return sealAead(
    activationKey(activationSecret, documentId),
    dek,
    boundTo(purpose.wrapA, documentId),
  );
}

/** Opens wrapA; throws DecryptionError for a wrong secret or a tampered wrap. */
export function unwrapWithActivationSecret(
  wrapA: Buffer,
  activationSecret: Buffer,
  documentId: string,
): Buffer {
  return openAead(
    activationKey(activationSecret, documentId),
    wrapA,
    boundTo(purpose.wrapA, documentId),
  );
}

/** wrapB: the DEK sealed to the organisation's X25519 public key. */
export function wrapForOrganisation(
  dek: Buffer,
  organisationPublicKey: Buffer,
  documentId: string,
): Buffer {
  return sealToPublicKey(organisationPublicKey, dek, boundTo(purpose.wrapB, documentId));
}

/**
 * wrapB for many documents of one organisation: one X25519 agreement for all of them (see
 * `createSealer`); each wrap still opens with {@link unwrapForOrganisation} and only for its own
 * document.
 */
export function organisationWrapper(
  organisationPublicKey: Buffer,
): (dek: Buffer, documentId: string) => Buffer {
  const seal = createSealer(organisationPublicKey);
  return (dek, documentId) => seal(dek, boundTo(purpose.wrapB, documentId));
}

/** Opens wrapB with the organisation's private key. */
export function unwrapForOrganisation(
  wrapB: Buffer,
  organisationPrivateKey: Buffer,
  documentId: string,
): Buffer {
  return openSealedBox(organisationPrivateKey, wrapB, boundTo(purpose.wrapB, documentId));
}

/** wrapM: the DEK under the platform master key, added once the recipient has activated. */
export function wrapWithMasterKey(dek: Buffer, masterKey: Buffer, documentId: string): Buffer {
  return sealAead(masterKey, dek, boundTo(purpose.wrapMaster, documentId));
}

/** Opens wrapM. */
export function unwrapWithMasterKey(wrapM: Buffer, masterKey: Buffer, documentId: string): Buffer {
  return openAead(masterKey, wrapM, boundTo(purpose.wrapMaster, documentId));
}

/** The recipient record (canonical JSON bytes) encrypted under the DEK. */
export function sealRecord(dek: Buffer, record: Buffer, documentId: string): Buffer {
  return sealAead(dek, record, boundTo(purpose.record, documentId));
}

/** Opens the recipient record. */
export function openRecord(dek: Buffer, sealedRecord: Buffer, documentId: string): Buffer {
  return openAead(dek, sealedRecord, boundTo(purpose.record, documentId));
}

/** The rendered PDF encrypted at rest under the DEK. */
export function sealDocumentFile(dek: Buffer, file: Buffer, documentId: string): Buffer {
  return sealAead(dek, file, boundTo(purpose.file, documentId));
}

/** Opens the stored PDF. */
export function openDocumentFile(dek: Buffer, sealedFile: Buffer, documentId: string): Buffer {
  return openAead(dek, sealedFile, boundTo(purpose.file, documentId));
}
