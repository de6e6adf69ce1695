import { exhaustive } from '@ledger/event-sourcing/kernel';
import type { TaskEvent, TaskOrigin, TaskPriority } from './task.events';

/** What every existing task knows about itself, whatever its status. */
export type TaskFacts = {
  readonly taskId: string;
  readonly title: string;
  readonly assigneeId: string;
  readonly opportunityId: string | null;
  readonly accountId: string | null;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  readonly priority: TaskPriority;
  readonly origin: TaskOrigin;
  readonly createdAt: string;
};

export type InitialTaskState = { readonly status: 'initial' };
export type OpenTaskState = { readonly status: 'open' } & TaskFacts;
export type CompletedTaskState = { readonly status: 'completed' } & TaskFacts;
export type CancelledTaskState = { readonly status: 'cancelled' } & TaskFacts;

export type TaskState = InitialTaskState | OpenTaskState | CompletedTaskState | CancelledTaskState;

export type TaskStatus = TaskState['status'];

export type ExistingTaskState = Exclude<TaskState, InitialTaskState>;

export const initialState = (): TaskState => ({ status: 'initial' });

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces: a second creation, a change to a closed task) leaves the state as
 * it is instead of breaking every later load.
 */
export const evolve = (state: TaskState, event: TaskEvent): TaskState => {
  if (event.type === 'TaskCreated') {
    if (state.status !== 'initial') return state;
    const e = event.data;
    return {
      status: 'open',
      taskId: e.taskId,
      title: e.title,
      assigneeId: e.assigneeId,
      opportunityId: e.opportunityId,
      accountId: e.accountId,
      dueDate: e.dueDate,
      priority: e.priority,
      origin: e.origin,
      createdAt: e.createdAt,
    };
  }
  if (state.status !== 'open') return state;

  switch (event.type) {
    case 'TaskReassigned':
      return { ...state, assigneeId: event.data.assigneeId };
    case 'TaskRescheduled':
      return { ...state, dueDate: event.data.dueDate };
    case 'TaskPriorityChanged':
      return { ...state, priority: event.data.priority };
    case 'TaskCompleted':
      return { ...state, status: 'completed' };
    case 'TaskCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return exhaustive(event);
  }
};
