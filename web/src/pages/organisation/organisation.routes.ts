import type { RouteRecordRaw } from 'vue-router';

/** The organisation pages, children of /console. */
export const organisationRoutes: RouteRecordRaw[] = [];
