import { Module } from '@nestjs/common';
import { TargetController } from './api/target.controller';
import { TargetHandler } from './application';

@Module({ controllers: [TargetController], providers: [TargetHandler] })
export class TargetModule {}
