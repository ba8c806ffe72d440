import type { RouteRecordRaw } from 'vue-router';

/** Children of /console: the issuer terms acceptance page and the admins' terms versions. */
export const termsRoutes: RouteRecordRaw[] = [
  {
    path: 'terms/accept',
    name: 'terms-accept',
    component: () => import('./TermsAcceptPage.vue'),
  },
  {
    path: 'admin/terms',
    name: 'admin-terms',
    component: () => import('./TermsPage.vue'),
    meta: { platformAdmin: true },
  },
  {
    path: 'admin/terms/new/:kind(recipient|issuer)',
    name: 'admin-terms-new',
    component: () => import('./TermsVersionPage.vue'),
    meta: { platformAdmin: true },
    props: (route) => ({ kind: route.params.kind, versionId: null }),
  },
  {
    path: 'admin/terms/:versionId(\\d+)',
    name: 'admin-terms-version',
    component: () => import('./TermsVersionPage.vue'),
    meta: { platformAdmin: true },
    props: (route) => ({ kind: null, versionId: Number(route.params.versionId) }),
  },
];
