import type { DynamicModule } from '@nestjs/common';
import { EventStoreModule, type PersonalDataCarriers } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { ReadStoreModule } from './read-store.module';

/**
 * The event store and the read store as the settings choose them: servers when URLs are set, else
 * embedded; `personalData` names the events whose personal data the log encrypts per subject, under
 * keys in a database of their own on the MongoDB server (production) or in keys.db (embedded).
 */
export const storesFromConfig = (personalData: PersonalDataCarriers): DynamicModule[] => [
  EventStoreModule.forRoot({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      eventStoreUrl: config.eventStoreUrl,
      dataDir: config.dataDir,
      keyStoreUrl: config.mongodbUrl,
      personalData,
      snapshotEvery: config.snapshotEvery,
    }),
  }),
  ReadStoreModule.forRoot({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir }),
  }),
];
