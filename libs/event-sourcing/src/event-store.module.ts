import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EsdbEventStore } from './esdb-event-store';
import { EventStore } from './event-store.port';
import { MongoSubjectKeyStore } from './personal-data/mongo-subject-key-store';
import { type PersonalDataCarriers, PersonalDataEventStore } from './personal-data/personal-data-event-store';
import { SqliteSubjectKeyStore } from './personal-data/sqlite-subject-key-store';
import { SubjectKeyStore } from './personal-data/subject-key-store.port';
import { SqliteEventStore } from './sqlite-event-store';

export type EventStoreSettings = {
  eventStoreUrl: string | null;
  dataDir: string;
  /** The event types that carry personal data, encrypted per subject under keys kept outside the log. */
  personalData: PersonalDataCarriers;
  /** Where the keys live: a MongoDB server (database `<name>-keys`), or, when null, keys.db in the data folder. */
  keyStoreUrl: string | null;
  /** A load that folded this many events past a stream's snapshot writes a new one; 0 keeps none (snapshots.ts). Default 100. */
  snapshotEvery?: number;
};
export const EVENT_STORE_SETTINGS = Symbol('EVENT_STORE_SETTINGS');

/**
 * EventStoreDB when a URL is configured, else the embedded SQLite log under the data folder; either
 * way behind the personal-data layer, which encrypts before the store sees an event.
 */
export function openEventStore(settings: EventStoreSettings): PersonalDataEventStore {
  const stored = settings.eventStoreUrl
    ? EsdbEventStore.connect(settings.eventStoreUrl, { snapshotEvery: settings.snapshotEvery })
    : new SqliteEventStore(join(settings.dataDir, 'events.db'), { snapshotEvery: settings.snapshotEvery });
  const keys = settings.keyStoreUrl ? MongoSubjectKeyStore.connect(settings.keyStoreUrl) : new SqliteSubjectKeyStore(join(settings.dataDir, 'keys.db'));
  return new PersonalDataEventStore(stored, keys, settings.personalData);
}

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    new Logger('EventStore').log('closed');
  }
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(settingsProvider: { inject: Array<symbol | string>; useFactory: (...args: never[]) => EventStoreSettings }) {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE_SETTINGS, inject: settingsProvider.inject, useFactory: settingsProvider.useFactory },
        { provide: PersonalDataEventStore, inject: [EVENT_STORE_SETTINGS], useFactory: openEventStore },
        { provide: EventStore, useExisting: PersonalDataEventStore },
        { provide: SubjectKeyStore, inject: [PersonalDataEventStore], useFactory: (store: PersonalDataEventStore) => store.keys },
        EventStoreCloser,
      ],
      exports: [EventStore, PersonalDataEventStore, SubjectKeyStore],
    };
  }
}
