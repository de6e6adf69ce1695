import type { DynamicModule } from '@nestjs/common';
import { EventStoreModule } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { ReadStoreModule } from './read-store.module';

/** The event store and the read store as the settings choose them: servers when URLs are set, else embedded. */
export const storesFromConfig = (): DynamicModule[] => [
  EventStoreModule.forRoot({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir }),
  }),
  ReadStoreModule.forRoot({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir }),
  }),
];
