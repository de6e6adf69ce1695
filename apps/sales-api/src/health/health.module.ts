import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig, Public } from '@ledger/platform';
import { ProjectionRuntime } from '@ledger/read-store';
import { ImportModule, Imports } from '@ledger/sales';

@Injectable()
class ReadinessIndicators {
  constructor(
    private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
    private readonly runtime: ProjectionRuntime,
    private readonly imports: Imports,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether this process can still append: a writer that stopped for good is cured only by a restart. */
  eventLogWriter() {
    const indicator = this.indicators.check('eventLogWriter');
    const failure = this.store.writeFailure();
    return failure === null ? indicator.up() : indicator.down({ message: failure.message });
  }

  async eventStore() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.store.readAll({ maxCount: 1 });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  demoData() {
    const indicator = this.indicators.check('demoData');
    return this.imports.demoDone ? indicator.up() : indicator.down({ message: 'the demo data set is being imported' });
  }

  /** Each projection and process manager is no further behind the log than READY_MAX_LAG_EVENTS. */
  async projections() {
    const indicator = this.indicators.check('projections');
    const limit = this.config.readyMaxLagEvents;
    const behind: Record<string, string> = {};
    for (const name of this.runtime.consumers) {
      const checkpoint = await this.runtime.checkpoint(name);
      const lag = (await this.store.readAll({ after: checkpoint ?? undefined, maxCount: limit + 1 })).length;
      if (lag > limit) behind[name] = `more than ${limit} events behind`;
    }
    return Object.keys(behind).length === 0 ? indicator.up({ maxLagEvents: limit }) : indicator.down(behind);
  }
}

@ApiTags('health')
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.readiness.eventLogWriter(), () => this.readiness.eventStore()]);
  }

  /** The process is up and can still append (for a restart policy); says nothing of its dependencies. */
  @Get('live')
  @Public()
  @HealthCheck()
  live() {
    return this.health.check([() => this.readiness.eventLogWriter()]);
  }

  /** Ready for traffic (for a load balancer): the store answers, the demo data is in, the read models have caught up. */
  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.readiness.eventLogWriter(),
      () => this.readiness.eventStore(),
      () => this.readiness.demoData(),
      () => this.readiness.projections(),
    ]);
  }
}

@Module({ imports: [TerminusModule, ImportModule], controllers: [HealthController], providers: [ReadinessIndicators] })
export class HealthModule {}
