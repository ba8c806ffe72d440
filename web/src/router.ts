import { createRouter, createWebHistory } from 'vue-router';
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { whenSessionEnds, whenTermsRequired, whenTwoFactorRequired } from './api/client.js';
import { accountRoutes } from './pages/account/account.routes.js';
import { adminRoutes } from './pages/admin/admin.routes.js';
import { auditRoutes } from './pages/audit/audit.routes.js';
import { authRoutes } from './pages/auth/auth.routes.js';
import { documentsRoutes } from './pages/documents/documents.routes.js';
import { dpoRoutes } from './pages/dpo/dpo.routes.js';
import { onboardingRoutes } from './pages/onboarding/onboarding.routes.js';
import { organisationRoutes } from './pages/organisation/organisation.routes.js';
import { checkPendingTerms, forgetPendingTerms, termsGate } from './pages/terms/terms-gate.js';
import { termsRoutes } from './pages/terms/terms.routes.js';
import { webhookRoutes } from './pages/webhooks/webhooks.routes.js';
import { batchRoutes } from './pages/batches/batches.routes.js';
import { clearSession, currentOrganisation, loadSession, session } from './session.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages anyone may open (log-in, forgotten password). */
    public?: boolean;
    /** Pages only platform admins see. */
    platformAdmin?: boolean;
  }
}

/** Where a logged-in person lands: their organisation, the review queue, or onboarding. */
export function homeFor(): string {
  // Owners, admins and platform admins without two-factor authentication can do nothing else.
  if (session.me?.secondFactorRequired === true && session.me.twoFactor?.enabled !== true)
    return '/console/account?enrol=1';
  const organisation = currentOrganisation.value;
  if (organisation !== null) {
    return organisation.status === 'approved' || organisation.status === 'suspended'
      ? `/console/o/${organisation.id}/dashboard`
      : `/console/o/${organisation.id}/application`;
  }
  if (session.me?.isPlatformAdmin === true) return '/console/admin';
  return '/console/onboarding';
}

const routes: RouteRecordRaw[] = [
  ...authRoutes,
  {
    path: '/console',
    component: () => import('./components/ConsoleLayout.vue'),
    children: [
      // Not a `redirect`: those are resolved before the guards below have loaded the session.
      {
        path: '',
        name: 'home',
        component: () => import('./pages/NotFoundPage.vue'),
        beforeEnter: () => homeFor(),
      },
      ...accountRoutes,
      ...onboardingRoutes,
      ...documentsRoutes,
      ...organisationRoutes,
      ...webhookRoutes,
      ...batchRoutes,
      ...adminRoutes,
      ...termsRoutes,
      ...dpoRoutes,
      ...auditRoutes,
      {
        path: ':unknown(.*)*',
        name: 'not-found',
        component: () => import('./pages/NotFoundPage.vue'),
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** The log-in page, remembering where the person was going. */
function toLogIn(to: RouteLocationNormalized, expired: boolean) {
  return {
    name: 'login',
    query: { next: to.fullPath, ...(expired ? { expired: '1' } : {}) },
  };
}

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession();
  if (to.meta.public === true) return true;
  if (session.me === null) return toLogIn(to, false);
  if (to.meta.platformAdmin === true && !session.me.isPlatformAdmin)
    return { name: 'not-found', params: { unknown: to.path.split('/').slice(2) } };
  // New issuer terms: an issuer user reads and accepts them first (once per session), then goes
  // on. Their account page stays open (two-factor enrolment, consents).
  const sessionId = session.me.session?.id ?? null;
  if (!termsGate.checked || termsGate.sessionId !== sessionId)
    await checkPendingTerms(sessionId).catch(() => forgetPendingTerms());
  if (termsGate.pending !== null && to.name !== 'terms-accept' && to.name !== 'account')
    return { name: 'terms-accept', query: { next: to.fullPath } };
  return true;
});

// A session that ends while a page is open (expiry, log-out elsewhere): back to log-in, then
// back here.
whenSessionEnds(() => {
  const current = router.currentRoute.value;
  // Only a session the console believed in can end: the start-up probe (GET /api/me) and the
  // public pages answer 401 before anyone logged in.
  if (session.me === null || current.meta.public === true) return;
  clearSession();
  void router.push(toLogIn(current, true));
});

// The API refused a call until new issuer terms are accepted (published while the page was open).
whenTermsRequired(() => {
  const current = router.currentRoute.value;
  if (current.name === 'terms-accept' || current.meta.public === true) return;
  forgetPendingTerms();
  void router.push({ name: 'terms-accept', query: { next: current.fullPath } });
});

// An owner, admin or platform admin without two-factor authentication: every organisation route
// refuses them until they turn it on, so take them to do it, then back.
whenTwoFactorRequired(() => {
  const current = router.currentRoute.value;
  if (current.name === 'account' || current.meta.public === true) return;
  void router.push({ path: '/console/account', query: { enrol: '1', next: current.fullPath } });
});
