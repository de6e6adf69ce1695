import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EsdbEventStore } from './esdb-event-store';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

export type EventStoreSettings = { eventStoreUrl: string | null; dataDir: string };
export const EVENT_STORE_SETTINGS = Symbol('EVENT_STORE_SETTINGS');

/** EventStoreDB when a URL is configured, else the embedded SQLite log under the data folder. */
export function openEventStore(settings: EventStoreSettings): EventStore {
  return settings.eventStoreUrl
    ? EsdbEventStore.connect(settings.eventStoreUrl)
    : new SqliteEventStore(join(settings.dataDir, 'events.db'));
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
        { provide: EventStore, inject: [EVENT_STORE_SETTINGS], useFactory: openEventStore },
        EventStoreCloser,
      ],
      exports: [EventStore],
    };
  }
}
