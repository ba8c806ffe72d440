import type { RouteRecordRaw } from 'vue-router';

/** The documents pages, children of /console. */
export const documentsRoutes: RouteRecordRaw[] = [
  {
    path: 'o/:organisationId/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardPage.vue'),
  },
  {
    path: 'o/:organisationId/documents',
    name: 'documents',
    component: () => import('./DocumentsPage.vue'),
  },
  {
    path: 'o/:organisationId/documents/:documentId',
    name: 'document',
    component: () => import('./DocumentPage.vue'),
  },
  {
    path: 'o/:organisationId/issue',
    name: 'issue',
    component: () => import('./IssuePage.vue'),
  },
];
