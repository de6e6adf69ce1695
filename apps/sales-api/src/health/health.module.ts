import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-sourcing';
import { Public } from '@ledger/platform';

@Injectable()
class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.store.readAll({ maxCount: 1 });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

@ApiTags('health')
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStore.check()]);
  }
}

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [EventStoreHealthIndicator] })
export class HealthModule {}
