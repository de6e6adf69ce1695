// `decide`, `evolve` and `initialState` stay behind `accountDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './account.events';
export * from './account.commands';
export * from './account.errors';
export type {
  AccountContacts,
  AccountFacts,
  AccountState,
  AccountStatus,
  ActiveAccountState,
  ContactState,
  ExistingAccountState,
  InitialAccountState,
  MergedAccountState,
} from './account.state';
export { accountDecider } from './account.decide';
export * from './account-hierarchy.events';
export { type AccountHierarchyCommand, accountHierarchyDecider, type AccountHierarchyState, type LinkAccountParent } from './account-hierarchy.decide';
