import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import { deriveKey } from '../crypto/hkdf.js';
import type { IssueInput } from '../documents/document.js';

/**
 * The key that names a row for "exactly once" (issue 12), per organisation: HMAC-SHA-256 under a
 * key derived from the master key and the organisation id (HKDF), of the row's external id when
 * the file has one, else of the whole checked row. Keyed, so the stored value reveals nothing
 * of the personal data it was computed from (a bare SHA-256 of a name and an address could be
 * guessed); per organisation, so two issuers' identical rows do not collide.
 */
export function rowKeyer(masterKey: Buffer, organisationId: number): (row: RowIdentity) => string {
  const key = deriveKey(masterKey, `organisation:${organisationId}`, 'certa/batch-row-key/v1');
  return (row) => {
    const data =
      row.externalId !== null && row.externalId !== ''
        ? `external\u0000${row.externalId}`
        : `row\u0000${canonicalJson({
            template: row.input.template,
            title: row.input.title,
            name: row.input.recipientName,
            email: row.input.recipientEmail,
            fields: row.input.fields.map((field) => [field.label, field.value]),
            expiresAt: row.input.expiresAt,
            locale: row.input.locale,
          })}`;
    return createHmac('sha256', key).update(data, 'utf8').digest('hex');
  };
}

export interface RowIdentity {
  readonly externalId: string | null;
  readonly input: IssueInput;
}
