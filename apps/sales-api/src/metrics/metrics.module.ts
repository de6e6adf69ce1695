import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, Controller, type ExecutionContext, Get, Header, Inject, Injectable, Module, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, register } from 'prom-client';
import type { Role } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig, Authenticator, Public } from '@ledger/platform';
import { ProjectionRuntime } from '@ledger/read-store';

const httpRequestSeconds = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern (never the raw URL: ids would make a series each) and status; its _count is the request rate',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
});

const projectionLagEvents = new Gauge({
  name: 'ledger_projection_lag_events',
  help: 'Events in the log a projection or process manager has not applied yet (counted up to 1000)',
  labelNames: ['projection'] as const,
});
const projectionLagSeconds = new Gauge({
  name: 'ledger_projection_lag_seconds',
  help: 'Age of the oldest event a projection or process manager has not applied yet',
  labelNames: ['projection'] as const,
});
const projectionParkedEvents = new Gauge({
  name: 'ledger_projection_parked_events',
  help: 'Events a projection or process manager could not apply and set aside (see GET /projections, salesctl projections retry)',
  labelNames: ['projection'] as const,
});

/** Times every answer by its route pattern; called before the routes are registered, like the other root hooks. */
export function observeRequests(fastify: FastifyInstance): void {
  collectDefaultMetrics();
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestSeconds.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/**
 * Scraped inside the network: the METRICS_TOKEN a Prometheus job sends, or an admin's or auditor's
 * credential through the API's own authentication (a revoked or deactivated user's token is refused
 * here as everywhere; an API key with one of those roles works too).
 */
@Injectable()
class MetricsAccess implements CanActivate {
  private readonly metricsToken: Buffer | null;

  constructor(
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.metricsToken = config.protections.metricsToken === null ? null : Buffer.from(config.protections.metricsToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (token !== undefined && this.metricsToken !== null) {
      const given = Buffer.from(token);
      if (given.length === this.metricsToken.length && timingSafeEqual(given, this.metricsToken)) return true;
    }
    await this.authenticator.authenticate(header, SCRAPERS);
    return true;
  }
}

const SCRAPERS: readonly Role[] = ['admin', 'auditor'];

@ApiExcludeController()
@Public()
@UseGuards(MetricsAccess)
@Controller('metrics')
class MetricsController {
  constructor(private readonly projections: ProjectionRuntime) {}

  /** Prometheus' text format; the projection gauges are read when scraped. */
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    const status = await this.projections.status();
    for (const projection of status.projections) {
      projectionLagEvents.set({ projection: projection.name }, projection.lagEvents);
      projectionLagSeconds.set({ projection: projection.name }, projection.lagMs / 1000);
      projectionParkedEvents.set({ projection: projection.name }, projection.parked.length);
    }
    return register.metrics();
  }
}

@Module({ controllers: [MetricsController], providers: [MetricsAccess] })
export class MetricsModule {}
