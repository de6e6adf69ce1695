import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ProtectionSettings } from '@ledger/platform';

/** Headers a browser client needs to read: the revision for If-Match, where a new record is, when to retry. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match'];

/**
 * Helmet's headers on every answer. Its default CSP suits the API's JSON and the Swagger UI at /docs;
 * the dashboard page sends its own, stricter one, which replaces it (a reply header is written over
 * the raw header helmet set). CORS only for the origins an operator lists.
 */
export async function registerProtections(app: NestFastifyApplication, settings: ProtectionSettings): Promise<void> {
  await app.register(fastifyHelmet as never, {
    // Not upgrade-insecure-requests: behind no TLS (a laptop, an internal host) it would send /docs' own scripts to https.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    referrerPolicy: { policy: 'no-referrer' },
  });
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...settings.corsOrigins],
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
}
