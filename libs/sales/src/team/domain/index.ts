// `decide`, `evolve` and `initialState` stay behind `teamMemberDecider` and `assignmentRotorDecider`
// so that other aggregates' domains can be re-exported next to these without name clashes.
export * from './team-member.events';
export * from './team-member.commands';
export * from './team-member.errors';
export type {
  ExistingTeamMemberState,
  InitialTeamMemberState,
  TeamMemberFacts,
  TeamMemberState,
  TeamMemberStatus,
} from './team-member.state';
export { teamMemberIdFor } from './team-member.id';
export { teamMemberDecider } from './team-member.decide';

export * from './assignment-rotor.events';
export * from './assignment-rotor.commands';
export * from './assignment-rotor.errors';
export type { AssignmentRotorState } from './assignment-rotor.state';
export { assignmentRotorDecider } from './assignment-rotor.decide';
export * from './assignment-rules';
