import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { Actor } from '@ledger/event-sourcing';
import { problem, ProblemException, type ProtectionSettings } from '@ledger/platform';

/** Headers a browser client needs to read: the revision for If-Match, where a new record is, when to retry. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match'];
const MINUTE_MS = 60_000;
/** Probes and scrapers call at their own pace and must keep working while a client floods the API. */
const UNLIMITED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/** Headers that frame one answer (its body, connection and caching), not a policy of every answer. */
const FRAMING_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary']);

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Verdict = Awaited<ReturnType<Limiter>>;

const HELMET_OPTIONS = {
  // Not upgrade-insecure-requests: behind no TLS (a laptop, an internal host) it would send /docs' own scripts to https.
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Helmet's headers on every answer. Its default CSP suits the API's JSON and the Swagger UI at /docs;
 * the dashboard page sends its own, stricter one, which replaces it (a reply header is written over
 * the raw header set here). CORS only for the origins an operator lists. Rate limits per address
 * (every request, before anything is parsed) and per user (once the token is verified, so that a
 * forged token cannot spend someone else's allowance).
 */
export async function registerProtections(app: NestFastifyApplication, settings: ProtectionSettings): Promise<void> {
  const securityHeaders = Object.entries(await helmetHeaders());
  app.getHttpAdapter().getInstance().addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
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
  await app.register(fastifyRateLimit as never, { global: false });
  const fastify = app.getHttpAdapter().getInstance();
  if (settings.rateLimitPerIpPerMinute > 0) {
    const perAddress = fastify.createRateLimit({ max: settings.rateLimitPerIpPerMinute, timeWindow: MINUTE_MS });
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (UNLIMITED_PATHS.test(request.url)) return;
      const verdict = await perAddress(request);
      if (!exceeded(verdict)) return;
      const refusal = tooManyRequests(verdict, 'this address');
      void reply.status(429).header('Retry-After', retryAfterSeconds(verdict)).header('Content-Type', 'application/problem+json');
      return reply.send({ ...problem(429, refusal.code, refusal.message, refusal.extensions), instance: request.url });
    });
  }
  if (settings.rateLimitPerMinute > 0) {
    const perUser = fastify.createRateLimit({
      max: settings.rateLimitPerMinute,
      timeWindow: MINUTE_MS,
      keyGenerator: (request) => (request as FastifyRequest & { actor: Actor }).actor.userId,
    });
    app.useGlobalInterceptors(new UserRateLimit(perUser));
  }
}

/**
 * Helmet's headers for HELMET_OPTIONS, from its answer in a Fastify instance of their own, once:
 * registered on the API, helmet built its middleware again and parsed the CSP on every request
 * (2.6 % of the API's CPU on the command path, bench/RESULTS.md). The headers are the same for
 * every answer, set the way helmet sets them, on the raw response.
 */
async function helmetHeaders(): Promise<Record<string, string>> {
  const probe = new FastifyAdapter().getInstance();
  try {
    await probe.register(fastifyHelmet as never, HELMET_OPTIONS);
    return headersOf(await probe.inject({ method: 'GET', url: '/' }));
  } finally {
    await probe.close();
  }
}

/**
 * The security headers as every answer carries them, read from the API's answer to one request (a path no route has, so no
 * handler adds headers of its own; under /health, so it spends no address's allowance), for the
 * answers Fastify and Node make before its hook runs (FrameworkAnswers): one configuration, the one
 * above. Call once the routes are registered.
 */
export async function securityHeadersOf(app: NestFastifyApplication): Promise<Record<string, string>> {
  return headersOf(await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/security-headers' }));
}

const headersOf = (answer: { headers: Record<string, string | string[] | number | undefined> }): Record<string, string> =>
  Object.fromEntries(Object.entries(answer.headers).flatMap(([name, value]) => (FRAMING_HEADERS.has(name.toLowerCase()) || typeof value !== 'string' ? [] : [[name, value]])));

/** Runs after the guard has verified the token: the allowance is the user's (the token's `sub`), whichever tokens they hold. */
class UserRateLimit implements NestInterceptor {
  constructor(private readonly limiter: Limiter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    if (request.actor === undefined) return next.handle();
    const verdict = await this.limiter(request);
    if (verdict.isAllowed) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.header('X-RateLimit-Limit', verdict.max).header('X-RateLimit-Remaining', verdict.remaining).header('X-RateLimit-Reset', verdict.ttlInSeconds);
    if (!verdict.isExceeded) return next.handle();
    void reply.header('Retry-After', retryAfterSeconds(verdict));
    throw tooManyRequests(verdict, 'this user');
  }
}

type Counted = Extract<Verdict, { isAllowed: false }>;

const exceeded = (verdict: Verdict): verdict is Counted => !verdict.isAllowed && verdict.isExceeded;

const retryAfterSeconds = (verdict: Counted): number => Math.max(1, verdict.ttlInSeconds);

const tooManyRequests = (verdict: Counted, whose: string): ProblemException =>
  new ProblemException(429, 'rate-limited', `More than ${verdict.max} requests a minute from ${whose}; retry in ${retryAfterSeconds(verdict)} s`, {
    retryAfterSeconds: retryAfterSeconds(verdict),
  });
