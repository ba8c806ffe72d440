import type { RouteRecordRaw } from 'vue-router';

/** The issuer pages, children of /console. */
export const issuerRoutes: RouteRecordRaw[] = [];
