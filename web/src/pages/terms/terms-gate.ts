import { reactive } from 'vue';
import { api, ok } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';

export type PendingTerms = NonNullable<ResponseOf<'/api/me/terms', 'get'>['pending']>;

/**
 * The issuer terms the logged-in person must still accept (GET /api/me/terms), checked once per
 * session by the router guard and again whenever the API answers TERMS_ACCEPTANCE_REQUIRED.
 */
export const termsGate = reactive<{
  checked: boolean;
  /** The session it was checked for: another log-in checks again. */
  sessionId: string | null;
  pending: PendingTerms | null;
}>({ checked: false, sessionId: null, pending: null });

export async function checkPendingTerms(
  sessionId: string | null = null,
): Promise<PendingTerms | null> {
  const answer = await ok(api.GET('/api/me/terms'));
  termsGate.pending = answer.pending;
  termsGate.checked = true;
  termsGate.sessionId = sessionId;
  return answer.pending;
}

/** After log-out or acceptance: the next navigation asks the server again. */
export function forgetPendingTerms(): void {
  termsGate.checked = false;
  termsGate.sessionId = null;
  termsGate.pending = null;
}
