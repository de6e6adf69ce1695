import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadYourWritesInterceptor } from './read-your-writes';
import { PROJECTIONS_SETTINGS, ProjectionRuntime, type ProjectionsSettings } from './projection-runtime';
import { ProjectionsController } from './projections.controller';

@Global()
@Module({})
export class ProjectionsModule {
  static forRoot(settings: {
    inject: Array<symbol | string | (abstract new (...args: never[]) => unknown)>;
    useFactory: (...args: never[]) => ProjectionsSettings;
    /** Serve GET /projections (the API); a headless projector leaves it out. */
    http?: boolean;
  }): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: settings.http === false ? [] : [ProjectionsController],
      providers: [
        { provide: PROJECTIONS_SETTINGS, inject: settings.inject, useFactory: settings.useFactory },
        ProjectionRuntime,
        { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
      ],
      exports: [ProjectionRuntime],
    };
  }
}
