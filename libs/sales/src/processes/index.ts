import type { AppConfig } from '@ledger/platform';
import type { ProcessManager } from '@ledger/read-store';
import { accountMergeToOpportunities } from './account-merge-to-opportunities.process';
import { activityNextStepToTask } from './activity-next-step-to-task.process';
import { assignedOpportunityToFollowUp } from './opportunity-assigned-to-follow-up.process';
import { orderApprovedToWon } from './order-approved-to-won.process';
import { orderApprovalPolicy } from '../order';
import { quoteAcceptedToOrder } from './quote-accepted-to-order.process';
import { quoteTotalToOpportunity } from './quote-total-to-opportunity.process';

export { orderIdForQuote } from './quote-accepted-to-order.process';
export { followUpTaskIdFor } from './opportunity-assigned-to-follow-up.process';
export { nextStepTaskIdFor } from './activity-next-step-to-task.process';
export { FollowQuoteTotalCommand, FollowQuoteTotalHandler } from './follow-quote-total/follow-quote-total.handler';
export { FollowAccountMergeCommand } from './follow-account-merge/follow-account-merge.handler';
export { KeepOnLiveAccountCommand } from './keep-on-live-account/keep-on-live-account.handler';
export { PlaceOrderOfAcceptedQuoteCommand, PlaceOrderOfAcceptedQuoteHandler } from './place-order-of-accepted-quote/place-order-of-accepted-quote.handler';

/** Every process manager of the sales modules: run where the projections run, never rebuilt. */
export const salesProcesses = (config: Pick<AppConfig, 'assignment' | 'approvals'>): readonly ProcessManager[] => [
  quoteAcceptedToOrder(orderApprovalPolicy(config)),
  orderApprovedToWon,
  quoteTotalToOpportunity,
  assignedOpportunityToFollowUp(config.assignment.followUpDueDays),
  activityNextStepToTask,
  accountMergeToOpportunities,
];
export { SalesProcessesModule } from './processes.module';
