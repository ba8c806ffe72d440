import type { RouteRecordRaw } from 'vue-router';

/** The admin pages, children of /console. */
export const adminRoutes: RouteRecordRaw[] = [];
