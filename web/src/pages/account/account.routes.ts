import type { RouteRecordRaw } from 'vue-router';

/** The account pages, children of /console. */
export const accountRoutes: RouteRecordRaw[] = [
  {
    path: 'account',
    name: 'account',
    component: () => import('./AccountPage.vue'),
  },
];
