// `decide`, `evolve` and `initialState` stay behind `opportunityDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './opportunity.stages';
export * from './opportunity.events';
export * from './opportunity.commands';
export * from './opportunity.errors';
export type {
  InitialOpportunityState,
  LostOpportunityState,
  OpenOpportunityState,
  OpportunityFacts,
  OpportunityState,
  WonOpportunityState,
} from './opportunity.state';
export { checkOpen, type OpeningDetails, opportunityDecider } from './opportunity.decide';
