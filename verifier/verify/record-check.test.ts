import { describe, expect, it } from 'vitest';
import { checkEmbeddedRecord, checkRecordWithoutPlatform } from './record-check.js';

describe('a record that does not verify is judged alike with or without a platform', () => {
  const notAPdf = new TextEncoder().encode('not a PDF');

  it('unreadable: failed, no record', async () => {
    const here = checkRecordWithoutPlatform('unreadable');
    expect(here).toEqual({
      check: {
        id: 'record',
        status: 'failed',
        code: 'record_unreadable',
        message: 'The PDF cannot be read to find its record.',
      },
      record: null,
    });
    expect(
      await checkEmbeddedRecord({ pdf: notAPdf, row: undefined, platformCertificates: null }),
    ).toEqual(here);
  });

  it('absent: unknown; invalid: failed with the problem and the record as read', async () => {
    for (const verification of [
      { status: 'absent' } as const,
      { status: 'invalid', record: null, problem: 'its JWS is malformed' } as const,
      { status: 'invalid', record: { documentId: 'x' }, problem: 'it was altered' } as const,
    ]) {
      const here = checkRecordWithoutPlatform(verification);
      expect(
        await checkEmbeddedRecord({
          pdf: notAPdf,
          row: undefined,
          verification,
          platformCertificates: [],
        }),
      ).toEqual(here);
    }
    expect(checkRecordWithoutPlatform({ status: 'absent' }).check).toMatchObject({
      status: 'unknown',
      code: 'no_record',
    });
    expect(
      checkRecordWithoutPlatform({ status: 'invalid', record: { documentId: 'x' }, problem: 'p' }),
    ).toEqual({
      check: {
        id: 'record',
        status: 'failed',
        code: 'record_invalid',
        message: 'The embedded record does not verify: p.',
      },
      record: {
        content: { documentId: 'x' },
        signatureValid: false,
        signerCertificateSha256: null,
      },
    });
  });
});
