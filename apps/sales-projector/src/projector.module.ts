import { Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, AppConfigModule } from '@ledger/platform';
import { ProjectionsModule, storesFromConfig } from '@ledger/read-store';
import { SalesModule, salesProcesses, salesProjections, salesPersonalData } from '@ledger/sales';

/**
 * Projections, process managers and the quote expiry without HTTP: production mode's separate
 * process. The sales modules are imported for their command handlers and seeds, which the process managers use.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }) }),
    ...storesFromConfig(salesPersonalData),
    CqrsModule.forRoot(),
    ProjectionsModule.forRoot({
      inject: [APP_CONFIG, CommandBus],
      useFactory: (config: AppConfig, commands: CommandBus) => ({
        projections: salesProjections,
        processes: salesProcesses(config),
        execute: (command) => commands.execute(command),
        only: config.consumers,
        run: true,
      }),
      http: false,
    }),
    SalesModule,
  ],
})
export class ProjectorModule {}
