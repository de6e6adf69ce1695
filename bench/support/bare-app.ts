import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class ConstantController {
  @Get()
  constant(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ConstantController] })
class BareModule {}

/**
 * The reference the command figures are divided by: NestJS on Fastify (the API's versions), one
 * GET answering a constant, no auth, no validation, no logging. Prints its address when listening.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`listening on ${await app.getUrl()}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
