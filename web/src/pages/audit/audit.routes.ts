import type { RouteRecordRaw } from 'vue-router';

/** The audit trail pages, children of /console: the platform's (admins), an organisation's (owners). */
export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('./PlatformAuditPage.vue'),
    meta: { platformAdmin: true },
  },
  {
    path: 'o/:organisationId/audit',
    name: 'organisation-audit',
    component: () => import('./OrganisationAuditPage.vue'),
  },
];
