import type { RouteRecordRaw } from 'vue-router';

/** The documents pages, children of /console. */
export const documentsRoutes: RouteRecordRaw[] = [];
