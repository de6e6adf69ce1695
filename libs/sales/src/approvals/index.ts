export { ApprovalsModule } from './approvals.module';
export * from './read-models/approval-queue/list-approvals.query';
export * from './read-models/approval-queue/approval-queue.document';
export * from './read-models/approval-queue/approval-queue.projection';
