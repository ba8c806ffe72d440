import type { RouteRecordRaw } from 'vue-router';

/** The batch pages, children of /console. */
export const batchRoutes: RouteRecordRaw[] = [
  {
    path: 'o/:organisationId/batches',
    name: 'batches',
    component: () => import('./BatchesPage.vue'),
  },
  {
    path: 'o/:organisationId/batches/:batchId',
    name: 'batch',
    component: () => import('./BatchPage.vue'),
  },
];
