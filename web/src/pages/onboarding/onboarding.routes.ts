import type { RouteRecordRaw } from 'vue-router';

/** The onboarding pages, children of /console. */
export const onboardingRoutes: RouteRecordRaw[] = [];
