import type { FastifyInstance } from 'fastify';

/** The CSP of every page; `connectSources` are the origins a page may fetch besides its own. */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  const connect = ["'self'", ...connectSources].join(' ');
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; connect-src ${connect}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * Security headers on every response. `Referrer-Policy: no-referrer` keeps activation pages from
 * leaking their URL; the strict CSP allows only our own scripts and styles. `blob:` images are
 * the console's own object URLs (an evidence image shown inline); `worker-src 'self'` is the PDF
 * viewer's worker, a file of ours. With an https PUBLIC_URL, HSTS tells browsers to use nothing
 * else for a year (not `includeSubDomains`: other hosts of the domain are not ours to decide).
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { readonly hsts: boolean } = { hsts: false },
): void {
  app.addHook('onSend', async (request, reply) => {
    if (options.hsts) void reply.header('strict-transport-security', 'max-age=31536000');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    const path = request.url.split('?')[0] ?? '';
    // A route may set a stricter or wider policy of its own (the verify page's connect-src).
    if (
      path !== '/docs' &&
      !path.startsWith('/docs/') &&
      !reply.hasHeader('content-security-policy')
    ) {
      void reply.header('content-security-policy', contentSecurityPolicy());
    }
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
  });
}
