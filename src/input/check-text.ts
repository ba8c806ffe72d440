import { AppError } from '../errors.js';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', `${field} ${message}`, { details: { field } });
}

/**
 * NFC-normalised, trimmed text of 1..max printable characters, or an INVALID_INPUT naming the
 * field. Control characters are refused everywhere (PostgreSQL cannot even store NUL); line
 * breaks only where `allowNewlines` says so.
 */
export function checkText(
  value: unknown,
  field: string,
  max: number,
  allowNewlines = false,
): string {
  if (typeof value !== 'string') throw invalid(field, 'must be a string.');
  const text = value.normalize('NFC').trim();
  if (text.length === 0) throw invalid(field, 'must not be empty.');
  if (text.length > max) throw invalid(field, `must be at most ${max} characters long.`);
  const forbidden = allowNewlines ? text.replace(/\r?\n/g, ' ') : text;
  if (CONTROL_CHARACTERS.test(forbidden))
    throw invalid(field, 'must not contain control characters.');
  return text;
}
