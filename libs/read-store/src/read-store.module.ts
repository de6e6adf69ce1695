import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { MongoReadStore } from './mongo-read-store';
import { ReadStore } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

export type ReadStoreSettings = { mongodbUrl: string | null; dataDir: string };
export const READ_STORE_SETTINGS = Symbol('READ_STORE_SETTINGS');

/** MongoDB when a URL is configured, else the embedded SQLite read models under the data folder. */
/**
 * `inspectOnly`: for a tool that looks at a deployment (salesctl doctor), which must also open a
 * MongoDB that could not run the read store's transactions, to say so.
 */
export async function openReadStore(settings: ReadStoreSettings, { inspectOnly = false }: { readonly inspectOnly?: boolean } = {}): Promise<ReadStore> {
  return settings.mongodbUrl
    ? MongoReadStore.connect(settings.mongodbUrl, { requireTransactions: !inspectOnly })
    : new SqliteReadStore(join(settings.dataDir, 'read-models.db'));
}

@Injectable()
class ReadStoreCloser implements OnApplicationShutdown {
  constructor(private readonly store: ReadStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    new Logger('ReadStore').log('closed');
  }
}

@Global()
@Module({})
export class ReadStoreModule {
  static forRoot(settingsProvider: {
    inject: Array<symbol | string>;
    useFactory: (...args: never[]) => ReadStoreSettings;
  }) {
    return {
      module: ReadStoreModule,
      providers: [
        { provide: READ_STORE_SETTINGS, inject: settingsProvider.inject, useFactory: settingsProvider.useFactory },
        { provide: ReadStore, inject: [READ_STORE_SETTINGS], useFactory: openReadStore },
        ReadStoreCloser,
      ],
      exports: [ReadStore],
    };
  }
}
