import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, AppConfigModule } from '@ledger/platform';
import { ProjectionsModule, storesFromConfig } from '@ledger/read-store';
import { salesProjections } from '@ledger/sales';

/** Projections (and, later, process managers) without HTTP: production mode's separate process. */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }) }),
    ...storesFromConfig(),
    ProjectionsModule.forRoot({ inject: [], useFactory: () => ({ projections: salesProjections, run: true }), http: false }),
  ],
})
export class ProjectorModule {}
