import type { RouteRecordRaw } from 'vue-router';

/** The organisation pages, children of /console. */
export const organisationRoutes: RouteRecordRaw[] = [
  {
    path: 'o/:organisationId/templates',
    name: 'organisation-templates',
    component: () => import('./TemplatesPage.vue'),
  },
  {
    path: 'o/:organisationId/templates/:templateId',
    name: 'organisation-template',
    component: () => import('./TemplatePage.vue'),
  },
  {
    path: 'o/:organisationId/templates/:templateId/design',
    name: 'organisation-template-designer',
    component: () => import('../designer/DesignerPage.vue'),
  },
  {
    path: 'o/:organisationId/members',
    name: 'organisation-members',
    component: () => import('./MembersPage.vue'),
  },
  {
    path: 'o/:organisationId/api-keys',
    name: 'organisation-api-keys',
    component: () => import('./ApiKeysPage.vue'),
  },
  {
    path: 'o/:organisationId/retention',
    name: 'organisation-retention',
    component: () => import('./RetentionPage.vue'),
  },
  {
    path: 'o/:organisationId/organisation',
    name: 'organisation-profile',
    component: () => import('./OrganisationPage.vue'),
  },
];
