import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3 document at /docs/json, browsable at /docs. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Certa API',
        version: '0.1.0',
        description:
          'Certified digital documents: issue (recipient data encrypted per document), activate with the secret link, verify without trusting us. Errors always have the shape `{ "error": { "code", "message" } }`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token (POST /api/sessions) or an API key.',
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'certa_session',
            description:
              'The session cookie set by POST /api/sessions (browsers). POST, PUT, PATCH and DELETE also need the x-csrf-token header (its value comes with the log-in answer and GET /api/me).',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
