import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { setLocale } from '../i18n/index.js';
import { describeError, fieldOf } from './errors.js';

describe('what the console says about a failed call', () => {
  afterEach(() => setLocale('en'));

  it('explains the error code in the person’s language and keeps the server’s detail', () => {
    const error = new ApiError(403, {
      error: { code: 'UNLOCK_REQUIRED', message: 'Unlock the organisation first.' },
    });
    expect(describeError(error)).toEqual({
      text: 'Unlock recipient data with your password first.',
      detail: 'Unlock the organisation first.',
    });
    setLocale('fr');
    expect(describeError(error).text).toBe(
      'Déverrouillez d’abord les données des destinataires avec votre mot de passe.',
    );
  });

  it('never shows the detail of a server failure, and names the network when it is down', () => {
    const failure = new ApiError(500, {
      error: { code: 'INTERNAL', message: 'Something went wrong on our side.', requestId: 'r1' },
    });
    expect(describeError(failure).detail).toBeNull();
    expect(describeError(new ApiError(0, null)).text).toBe(
      'The server cannot be reached. Check your connection and try again.',
    );
    expect(describeError(new ApiError(418, { error: { code: 'TEAPOT', message: '' } })).text).toBe(
      'Unexpected error (418).',
    );
  });

  it('gives the field a validation error names, and none for other errors', () => {
    const invalid = new ApiError(400, {
      error: {
        code: 'INVALID_INPUT',
        message: 'Invalid request: recipient.email must match format "email".',
        details: { field: 'recipient.email' },
      },
    });
    expect(fieldOf(invalid)).toBe('recipient.email');
    expect(fieldOf(new ApiError(409, { error: { code: 'CONFLICT', message: 'x' } }))).toBeNull();
    expect(fieldOf(new Error('not an API error'))).toBeNull();
  });
});
