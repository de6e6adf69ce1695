import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { Authenticator } from './authenticator';
import { JwtAuthGuard } from './jwt-auth.guard';

/** Global so that a route with a guard of its own (/metrics) authenticates through the same path. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [Authenticator, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [Authenticator],
})
export class AuthModule {}
