import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ProjectorModule } from './projector.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ProjectorModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

void bootstrap();
