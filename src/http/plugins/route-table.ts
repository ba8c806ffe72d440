import type { FastifyInstance } from 'fastify';

/** One registered route: its method and its URL pattern as written (`/api/x/:id`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the application registered (HEAD twins of GET routes left out). */
    readonly routeTable: readonly RegisteredRoute[];
  }
}

/**
 * Records every route as it is registered. The authorisation test walks this table, so a route
 * added later without an entry in the test's expectations fails the test.
 */
export function registerRouteTable(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url });
    }
  });
}
