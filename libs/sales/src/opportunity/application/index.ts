import { ChangeOpportunityAccountHandler } from './change-account/change-account.handler';
import { OwnerAssigner } from './open-opportunity/assign-owner';
import { OpenOpportunityHandler } from './open-opportunity/open-opportunity.handler';
import { AccountResolver } from './open-opportunity/resolve-account';
import { OpportunityHandler } from './opportunity.handler';

export * from './opportunity.handler';
export * from './opportunity-access';
export * from './change-account/change-account.handler';
export * from './open-opportunity/open-opportunity.handler';
export type { AccountChoice } from './open-opportunity/resolve-account';

export const opportunityCommandHandlers = [OpportunityHandler, OpenOpportunityHandler, ChangeOpportunityAccountHandler, AccountResolver, OwnerAssigner];
