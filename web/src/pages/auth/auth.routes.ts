import type { RouteRecordRaw } from 'vue-router';

/** Log-in and forgotten password: open to anyone. */
export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./LoginPage.vue'),
    meta: { public: true },
  },
  {
    path: '/login/forgotten',
    name: 'password-forgotten',
    component: () => import('./ForgottenPasswordPage.vue'),
    meta: { public: true },
  },
];
