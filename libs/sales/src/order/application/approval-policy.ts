import type { AppConfig } from '@ledger/platform';
import type { OrderApprovalPolicy } from '../domain';

/** The order approval policy configured for this process: orders are placed under it, the client never chooses it. */
export const orderApprovalPolicy = ({ approvals }: Pick<AppConfig, 'approvals'>): OrderApprovalPolicy => ({
  version: approvals.version,
  maxTotalMinor: approvals.maxOrderTotalMinor,
});
