// `decide`, `evolve` and `initialState` stay behind `activityDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './activity.events';
export * from './activity.commands';
export * from './activity.errors';
export type {
  ActivityFacts,
  ActivityState,
  ActivityStatus,
  InitialActivityState,
  LoggedActivityState,
} from './activity.state';
export { activityDecider } from './activity.decide';
