import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig, Clock } from '@ledger/platform';
import { ReadStore } from '@ledger/read-store';
import { type ExpiryRun, expireDueQuotes } from './expire-due-quotes';

const JOB = 'quote-expiry';

/** Runs where the projections run (embedded API, sales-projector): one expirer per deployment. */
@Injectable()
export class QuoteExpiryJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('QuoteExpiry');
  private running: Promise<ExpiryRun> | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.quoteExpiryIntervalSeconds;
    if (!this.config.runProjections || seconds === 0) return;
    this.scheduler.addInterval(JOB, setInterval(() => void this.runOnce(), seconds * 1000));
  }

  /** One pass; overlapping calls share the pass in progress. */
  async runOnce(): Promise<ExpiryRun> {
    this.running ??= expireDueQuotes(this.eventStore, this.readStore, this.clock.now())
      .then((run) => {
        if (run.expired > 0) this.logger.log(`expired ${run.expired} quote(s)`);
        return run;
      })
      .catch((error: unknown) => {
        this.logger.error(`quote expiry failed: ${String(error)}`);
        return { expired: 0, refused: 0 };
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
