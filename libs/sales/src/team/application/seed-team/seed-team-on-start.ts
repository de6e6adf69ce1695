import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { seedTeam } from './seed-team';

/** Embedded mode adds the demo sales team (seed/crm-sales/sales_teams.csv) on start, so assignment rules have reps to choose from. */
@Injectable()
export class SeedTeamOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Team');

  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedTeamCsv) return;
    const { added, alreadyThere } = await seedTeam(this.store, this.config.seedTeamCsv);
    this.logger.log(`team from ${this.config.seedTeamCsv}: ${added} added, ${alreadyThere} already there`);
  }
}
