import type { RouteRecordRaw } from 'vue-router';

/** Onboarding (create an organisation) and the verification application, children of /console. */
export const onboardingRoutes: RouteRecordRaw[] = [
  {
    path: 'onboarding',
    name: 'onboarding',
    component: () => import('./OnboardingPage.vue'),
  },
  {
    path: 'o/:organisationId/application',
    name: 'application',
    component: () => import('./ApplicationPage.vue'),
    props: true,
  },
];
