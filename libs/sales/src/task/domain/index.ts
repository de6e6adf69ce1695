// `decide`, `evolve` and `initialState` stay behind `taskDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './task.events';
export * from './task.commands';
export * from './task.errors';
export type {
  CancelledTaskState,
  CompletedTaskState,
  ExistingTaskState,
  InitialTaskState,
  OpenTaskState,
  TaskFacts,
  TaskState,
  TaskStatus,
} from './task.state';
export { taskDecider } from './task.decide';
