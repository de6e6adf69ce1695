import { Module } from '@nestjs/common';
import { ApprovalsController } from './api/approvals.controller';
import { ListApprovalsHandler } from './read-models/approval-queue/list-approvals.handler';

@Module({ controllers: [ApprovalsController], providers: [ListApprovalsHandler] })
export class ApprovalsModule {}
