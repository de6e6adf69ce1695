import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { seedCatalogue } from './seed-catalogue';

/** Embedded mode lists the demo catalogue (seed/crm-sales/products.csv) on start, so quotes can be tried at once. */
@Injectable()
export class SeedCatalogueOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Catalogue');

  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedProductsCsv) return;
    const { listed, alreadyListed } = await seedCatalogue(this.store, this.config.seedProductsCsv);
    this.logger.log(`catalogue from ${this.config.seedProductsCsv}: ${listed} listed, ${alreadyListed} already there`);
  }
}
