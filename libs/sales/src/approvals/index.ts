export { ApprovalsModule } from './approvals.module';
export * from './read-models/approval-queue/list-approvals.query';
