import { computed, reactive } from 'vue';
import { api, ApiError, ok, setCsrfToken } from './api/client.js';
import type { Me, MyOrganisation } from './api/types.js';

const ORGANISATION_KEY = 'certa.organisation';

/** Who is logged in (GET /api/me), shared by every page; null before log-in. */
export const session = reactive<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false });

/** Reads the current session from the server; false when nobody is logged in. */
export async function loadSession(): Promise<boolean> {
  try {
    const me = await ok(api.GET('/api/me'));
    session.me = me.kind === 'user' ? me : null;
    setCsrfToken(me.csrfToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.me = null;
    setCsrfToken(null);
  }
  session.loaded = true;
  return session.me !== null;
}

/** Forgets the session in this tab (after log-out, or when the server says it ended). */
export function clearSession(): void {
  session.me = null;
  session.loaded = true;
  setCsrfToken(null);
}

/** The organisation the console shows: the one chosen last, else the first. */
export const currentOrganisation = computed<MyOrganisation | null>(() => {
  const organisations = session.me?.organisations ?? [];
  const chosen = globalThis.localStorage?.getItem(ORGANISATION_KEY);
  return organisations.find((o) => o.id === chosen) ?? organisations[0] ?? null;
});

/** Remembers which organisation the person works on (several memberships). */
export function chooseOrganisation(organisationId: string): void {
  globalThis.localStorage?.setItem(ORGANISATION_KEY, organisationId);
  // Trigger the computed above: the storage is not reactive.
  if (session.me !== null) session.me = { ...session.me };
}

/** The person's role in an organisation, or null. */
export function roleIn(organisationId: string): string | null {
  return session.me?.organisations.find((o) => o.id === organisationId)?.role ?? null;
}

/** Whether the role may manage (members, keys, templates, application): owner or admin. */
export function canManage(organisationId: string): boolean {
  const role = roleIn(organisationId);
  return role === 'owner' || role === 'admin';
}

/** Whether the role may issue, revoke and re-send: owner, admin or operator. */
export function canIssue(organisationId: string): boolean {
  return canManage(organisationId) || roleIn(organisationId) === 'operator';
}
