import { ApiError } from '../../api/client.js';

/**
 * The field a refused credential names: the server puts `details.field` on INVALID_INPUT
 * (password policy) and on INVALID_CREDENTIALS (wrong password or code), so the message can sit
 * next to that input.
 */
export function refusedField(error: unknown): string | null {
  return error instanceof ApiError &&
    (error.code === 'INVALID_INPUT' || error.code === 'INVALID_CREDENTIALS')
    ? error.field
    : null;
}

/** The password policy rule the server named (`too_short`, `common`…), or null. */
export function refusedRule(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const rule = error.details.rule;
  return typeof rule === 'string' ? rule : null;
}

/** A console path to go on to after enrolment (`?next=`), or null when absent or foreign. */
export function consolePath(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/console/') && !value.startsWith('//')
    ? value
    : null;
}
