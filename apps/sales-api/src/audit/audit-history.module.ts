import { Module } from '@nestjs/common';
import { AuditHistoryController } from './audit-history.controller';

@Module({ controllers: [AuditHistoryController] })
export class AuditHistoryModule {}
