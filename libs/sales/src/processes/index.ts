import type { ProcessManager } from '@ledger/read-store';
import { orderApprovedToWon } from './order-approved-to-won.process';
import { quoteAcceptedToOrder } from './quote-accepted-to-order.process';
import { quoteTotalToOpportunity } from './quote-total-to-opportunity.process';

export { orderIdForQuote } from './quote-accepted-to-order.process';
export { FollowQuoteTotalCommand } from './follow-quote-total/follow-quote-total.command';

/** Every process manager of the sales modules: run where the projections run, never rebuilt. */
export const salesProcesses: readonly ProcessManager[] = [quoteAcceptedToOrder, orderApprovedToWon, quoteTotalToOpportunity];
export { SalesProcessesModule } from './processes.module';
