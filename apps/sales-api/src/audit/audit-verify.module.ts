import { Module } from '@nestjs/common';
import { AuditVerifyController } from './audit-verify.controller';

@Module({ controllers: [AuditVerifyController] })
export class AuditVerifyModule {}
