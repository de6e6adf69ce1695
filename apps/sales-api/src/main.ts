import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, FrameworkAnswers, jsonBodiesOnly, ProblemDetailsFilter, refuseDeepBodies, requestValidationPipe } from '@ledger/platform';
import { EventStore } from '@ledger/event-sourcing';
import { catalogueCodes, Imports } from '@ledger/sales';
import { AppModule } from './app.module';
import { setUpOpenApi } from './open-api/open-api';
import { observeRequests } from './metrics/metrics.module';
import { registerProtections, securityHeadersOf } from './protections';
import { refuseChangesToReplica } from './replica';
import { printStartBanner } from './start-banner';

const BODY_LIMIT_BYTES = 1024 * 1024;
/** An import's CSV files (the data set's pipeline file is 600 KB). */
const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

async function bootstrap(): Promise<void> {
  const frameworkAnswers = new FrameworkAnswers();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, ...frameworkAnswers.options }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);
  await registerProtections(app, config.protections);
  frameworkAnswers.refuseWhileClosing(app.getHttpAdapter().getInstance());
  if (config.replica) refuseChangesToReplica(app.getHttpAdapter().getInstance(), config.replica);
  observeRequests(app.getHttpAdapter().getInstance());
  app.getHttpAdapter().getInstance().addHook('onRequest', jsonBodiesOnly(['/imports']));
  await app.register(fastifyMultipart as never, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 4, fields: 10, parts: 14 } });
  app.getHttpAdapter().getInstance().addHook('preValidation', refuseDeepBodies);
  app.useGlobalPipes(requestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.init();
  frameworkAnswers.securityHeaders = await securityHeadersOf(app);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
  printStartBanner(config, url, await catalogueCodes(app.get(EventStore)));
  // After listening, so that /health/ready answers 503 while the demo data is imported.
  void app.get(Imports).startDemo();
}

void bootstrap();
