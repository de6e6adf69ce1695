import type { AppConfig } from '@ledger/platform';
import type { ApprovalPolicy } from '../domain';

export const quoteApprovalPolicy = ({ approvals }: AppConfig): ApprovalPolicy => ({
  version: approvals.version,
  maxDiscountBp: approvals.maxDiscountBp,
  maxTotalMinor: approvals.maxQuoteTotalMinor,
});
