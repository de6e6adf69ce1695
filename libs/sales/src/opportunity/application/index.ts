import { ChangeOpportunityAccountHandler } from './change-account/change-account.handler';
import { ChangeStageHandler } from './change-stage/change-stage.handler';
import { MarkLostHandler } from './mark-lost/mark-lost.handler';
import { MarkWonHandler } from './mark-won/mark-won.handler';
import { OwnerAssigner } from './open-opportunity/assign-owner';
import { OpenOpportunityHandler } from './open-opportunity/open-opportunity.handler';
import { AccountResolver } from './open-opportunity/resolve-account';
import { ReassignOwnerHandler } from './reassign-owner/reassign-owner.handler';
import { ReopenHandler } from './reopen/reopen.handler';
import { SetPrimaryQuoteHandler } from './set-primary-quote/set-primary-quote.handler';
import { SyncQuoteAmountHandler } from './sync-quote-amount/sync-quote-amount.handler';
import { UpdateDetailsHandler } from './update-details/update-details.handler';

export * from './opportunity-stream';
export * from './opportunity-access';
export * from './change-account/change-account.command';
export * from './change-stage/change-stage.command';
export * from './mark-lost/mark-lost.command';
export * from './mark-won/mark-won.command';
export * from './open-opportunity/open-opportunity.command';
export * from './reassign-owner/reassign-owner.command';
export * from './reopen/reopen.command';
export * from './set-primary-quote/set-primary-quote.command';
export * from './sync-quote-amount/sync-quote-amount.command';
export * from './update-details/update-details.command';

export const opportunityCommandHandlers = [
  OpenOpportunityHandler,
  UpdateDetailsHandler,
  ReassignOwnerHandler,
  ChangeStageHandler,
  MarkWonHandler,
  MarkLostHandler,
  ReopenHandler,
  SetPrimaryQuoteHandler,
  SyncQuoteAmountHandler,
  ChangeOpportunityAccountHandler,
  AccountResolver,
  OwnerAssigner,
];
