import { Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, AppConfigModule, AuthModule } from '@ledger/platform';
import { ProjectionsModule, storesFromConfig } from '@ledger/read-store';
import { SalesModule, salesPersonalData, salesProcesses, salesProjections } from '@ledger/sales';
import { AuditHistoryModule } from './audit/audit-history.module';
import { AuditVerifyModule } from './audit/audit-verify.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { StreamsModule } from './streams/streams.module';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Tokens never reach the logs.
          redact: ['req.headers.authorization'],
          autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true || request.url?.startsWith('/metrics') === true },
        },
      }),
    }),
    CqrsModule.forRoot(),
    ...storesFromConfig(salesPersonalData),
    ProjectionsModule.forRoot({
      inject: [APP_CONFIG, CommandBus],
      useFactory: (config: AppConfig, commands: CommandBus) => ({
        projections: salesProjections,
        // A replica of the past reacts to nothing: its process managers would append to the record.
        processes: config.replica ? [] : salesProcesses(config),
        execute: (command) => commands.execute(command),
        only: config.consumers,
        run: config.runProjections,
      }),
    }),
    AuthModule,
    HealthModule,
    MetricsModule,
    StreamsModule,
    AuditHistoryModule,
    AuditVerifyModule,
    SalesModule,
    DashboardModule,
  ],
})
export class AppModule {}
