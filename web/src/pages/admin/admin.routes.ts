import type { RouteRecordRaw } from 'vue-router';

/** The platform admin pages, children of /console: review queue, issuers, anchoring. */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin',
    name: 'admin-review-queue',
    component: () => import('./ReviewQueuePage.vue'),
    meta: { platformAdmin: true },
  },
  {
    path: 'admin/issuers',
    name: 'admin-issuers',
    component: () => import('./IssuersPage.vue'),
    meta: { platformAdmin: true },
  },
  {
    path: 'admin/issuers/:issuerId',
    name: 'admin-issuer',
    component: () => import('./IssuerReviewPage.vue'),
    meta: { platformAdmin: true },
    props: true,
  },
  {
    path: 'admin/anchoring',
    name: 'admin-anchoring',
    component: () => import('./AnchoringPage.vue'),
    meta: { platformAdmin: true },
  },
];
