import type { AppConfig } from '@ledger/platform';
import type { ApprovalPolicy } from '../domain';

/** The quote approval policy configured for this process: quotes are submitted under it, the client never chooses it. */
export const quoteApprovalPolicy = ({ approvals }: Pick<AppConfig, 'approvals'>): ApprovalPolicy => ({
  version: approvals.version,
  maxDiscountBp: approvals.maxDiscountBp,
  maxTotalMinor: approvals.maxQuoteTotalMinor,
});
