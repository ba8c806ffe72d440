import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyHttpOptions, FastifyInstance } from 'fastify';
import fs from 'node:fs';
import type http from 'node:http';
import type { ServerConfig, TrustProxy } from './config.js';
import type { AppContext } from './context.js';
import { randomPublicId } from './crypto/random.js';
import { registerAuthentication } from './http/plugins/authentication.js';
import { handleError, registerErrorHandling } from './http/plugins/errors.js';
import { registerOpenApi } from './http/plugins/openapi.js';
import { registerRouteTable } from './http/plugins/route-table.js';
import { registerSecurityHeaders } from './http/plugins/security-headers.js';
import { registerValidation } from './http/plugins/validation.js';
import { accountRoutes } from './http/routes/accounts/accounts.routes.js';
import { activationRoutes } from './http/routes/activations/activations.routes.js';
import { recipientRequestRoutes } from './http/routes/privacy/recipient-requests.routes.js';
import { recipientRightsRoutes } from './http/routes/privacy/recipient-rights.routes.js';
import { retentionRoutes } from './http/routes/privacy/retention.routes.js';
import { reminderRoutes } from './http/routes/reminders/reminders.routes.js';
import { auditRoutes } from './http/routes/audit/audit.routes.js';
import { adminRoutes } from './http/routes/admin/admin.routes.js';
import { anchoringRoutes } from './http/routes/anchoring/anchoring.routes.js';
import { documentRoutes } from './http/routes/documents/documents.routes.js';
import { bounceRoutes } from './http/routes/mail/bounces.routes.js';
import { batchRoutes } from './http/routes/batches/batches.routes.js';
import { bitcoinRoutes } from './http/routes/bitcoin/bitcoin.routes.js';
import { healthRoutes } from './http/routes/health.routes.js';
import { issuerRoutes } from './http/routes/issuers/issuers.routes.js';
import { memberRoutes } from './http/routes/organisations/members.routes.js';
import { applicationRoutes } from './http/routes/organisations/application.routes.js';
import { consoleRoutes } from './http/routes/console/console.routes.js';
import { accountPageRoutes } from './http/routes/pages/account-pages.routes.js';
import { pageRoutes, sendNotFoundPage } from './http/routes/pages/pages.routes.js';
import { apiKeyRoutes } from './http/routes/sessions/api-keys.routes.js';
import { webhookRoutes } from './http/routes/webhooks/webhooks.routes.js';
import { sessionRoutes } from './http/routes/sessions/sessions.routes.js';
import { twoFactorRoutes } from './http/routes/sessions/two-factor.routes.js';
import { templateRoutes } from './http/routes/templates/templates.routes.js';
import { termsRoutes } from './http/routes/terms/terms.routes.js';
import { reportRoutes } from './http/routes/reports/reports.routes.js';
import { verificationRoutes } from './http/routes/verification/verification.routes.js';
import { ErrorResponse, IssuerProfile } from './http/schemas.js';

export interface AppOptions {
  readonly ctx: AppContext;
  readonly logger: FastifyBaseLogger;
  readonly trustProxy: TrustProxy;
  /** Timeouts, connection cap and TLS (Config.server); Node's defaults when left out. */
  readonly server?: ServerConfig;
  /** Rate limits are on by default; benchmarks of one client turn them off. */
  readonly rateLimits?: boolean;
  /** The built console (Config.consoleDir); null serves a page that says how to build it. */
  readonly consoleDir?: string | null;
}

/** Builds the HTTP application without listening (tests use inject() or listen on port 0). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ctx, server } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    ...(server === undefined ? {} : serverOptions(server)),
    genReqId: () => randomPublicId(),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // Fastify answers malformed URLs itself unless told otherwise: send them through our handler.
    frameworkErrors: (error, request, reply) => {
      void handleError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (server !== undefined) app.server.maxConnections = server.maxConnections;
  registerRouteTable(app);
  app.addSchema(ErrorResponse);
  app.addSchema(IssuerProfile);
  registerValidation(app);
  // No route takes text: JSON sent as text/plain gets a clear 415 instead of a confusing 400.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app, sendNotFoundPage);
  registerSecurityHeaders(app, { hsts: new URL(ctx.publicUrl).protocol === 'https:' });
  // Before the plugin registers its own onRoute hook, or the per-route limits stay attached.
  if (options.rateLimits === false)
    app.addHook('onRoute', (route) => void (route.config = { ...route.config, rateLimit: false }));
  await app.register(rateLimit, {
    global: false,
    enableDraftSpec: true,
    ...(options.rateLimits === false ? { max: Number.MAX_SAFE_INTEGER } : {}),
  });
  await app.register(multipart, { limits: { files: 1, fields: 5, fileSize: 20 * 1024 * 1024 } });
  await registerOpenApi(app, ctx.publicUrl);
  registerAuthentication(app, ctx);

  await app.register(healthRoutes(ctx));
  await app.register(issuerRoutes(ctx));
  await app.register(memberRoutes(ctx));
  await app.register(sessionRoutes(ctx));
  await app.register(twoFactorRoutes(ctx));
  await app.register(accountRoutes(ctx));
  await app.register(apiKeyRoutes(ctx));
  await app.register(webhookRoutes(ctx));
  await app.register(documentRoutes(ctx));
  await app.register(batchRoutes(ctx));
  await app.register(bounceRoutes(ctx));
  await app.register(templateRoutes(ctx));
  await app.register(activationRoutes(ctx));
  await app.register(recipientRightsRoutes(ctx));
  await app.register(recipientRequestRoutes(ctx));
  await app.register(retentionRoutes(ctx));
  await app.register(reminderRoutes(ctx));
  await app.register(verificationRoutes(ctx));
  await app.register(bitcoinRoutes(ctx));
  await app.register(anchoringRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(termsRoutes(ctx));
  await app.register(reportRoutes(ctx));
  await app.register(applicationRoutes(ctx));
  await app.register(accountPageRoutes);
  await app.register(consoleRoutes(options.consoleDir ?? null));
  await app.register(pageRoutes(ctx));
  return app;
}

/**
 * Fastify's server options from Config.server: slow clients cannot hold a connection (headers,
 * whole request and idle timeouts, checked every second instead of Node's 30 s), and HTTPS with
 * TLS 1.2 or later when a certificate is configured.
 */
function serverOptions(server: ServerConfig): Partial<FastifyHttpOptions<http.Server>> {
  // HTTPS servers take the same options; Fastify's types only know them as another server kind.
  const https: object =
    server.tls === null
      ? {}
      : {
          https: {
            cert: fs.readFileSync(server.tls.certFile),
            key: fs.readFileSync(server.tls.keyFile),
            minVersion: 'TLSv1.2',
            headersTimeout: server.headersTimeoutMs,
            connectionsCheckingInterval: 1000,
          },
        };
  return {
    requestTimeout: server.requestTimeoutMs,
    connectionTimeout: server.idleTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    http: { headersTimeout: server.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    ...https,
  };
}

/** TRUST_PROXY for Fastify: a hop count trusts that many proxies from the right. */
function fastifyTrustProxy(
  trustProxy: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy === false ? false : [...trustProxy];
}
