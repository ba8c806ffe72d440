import type { RouteRecordRaw } from 'vue-router';

/** The webhook pages (owners and admins), children of /console. */
export const webhookRoutes: RouteRecordRaw[] = [
  {
    path: 'o/:organisationId/webhooks',
    name: 'webhooks',
    component: () => import('./WebhooksPage.vue'),
  },
  {
    path: 'o/:organisationId/webhooks/:endpointId',
    name: 'webhook',
    component: () => import('./WebhookPage.vue'),
  },
];
