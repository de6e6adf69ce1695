import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EventStoreModule } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig, AppConfigModule } from '@ledger/platform';
import { ProjectionsModule, ReadStoreModule } from '@ledger/read-store';
import { salesProjections } from '@ledger/sales';

/** Projections (and, later, process managers) without HTTP: production mode's separate process. */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }) }),
    EventStoreModule.forRoot({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir }),
    }),
    ReadStoreModule.forRoot({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir }),
    }),
    ProjectionsModule.forRoot({ inject: [], useFactory: () => ({ projections: salesProjections, run: true }), http: false }),
  ],
})
export class ProjectorModule {}
