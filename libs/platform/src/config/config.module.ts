import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, SystemClock } from '../clock';
import { type AppConfig, loadAppConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Reads `.env` (if present) and the environment once, validates it, and provides `AppConfig`. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true })],
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadAppConfig(process.env) }, { provide: Clock, useClass: SystemClock }],
  exports: [APP_CONFIG, Clock],
})
export class AppConfigModule {}
