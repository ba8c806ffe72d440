import type { RouteRecordRaw } from 'vue-router';

/** The DPO's report, a child of /console for platform admins. */
export const dpoRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/dpo',
    name: 'admin-dpo',
    component: () => import('./DpoReportPage.vue'),
    meta: { platformAdmin: true },
  },
];
