import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;

export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Why the task exists: made by hand, by an assignment rule for an opportunity, or as a logged activity's next step. */
export type TaskOrigin =
  | { readonly kind: 'manual' }
  | { readonly kind: 'assignment'; readonly opportunityId: string; readonly rule: string }
  | { readonly kind: 'activity'; readonly activityId: string };

/** A task is opened for one assignee, about an opportunity, an account or both, due on a calendar date. */
export type TaskCreated = Event<
  'TaskCreated',
  {
    readonly taskId: string;
    /** Trimmed. */
    readonly title: string;
    readonly assigneeId: string;
    /** At least one of opportunityId and accountId is given. */
    readonly opportunityId: string | null;
    readonly accountId: string | null;
    /** YYYY-MM-DD. */
    readonly dueDate: string;
    readonly priority: TaskPriority;
    readonly origin: TaskOrigin;
    readonly notes: string | null;
    readonly createdAt: string;
    readonly createdBy: string;
  }
>;

export type TaskReassigned = Event<
  'TaskReassigned',
  {
    readonly taskId: string;
    readonly previousAssigneeId: string;
    readonly assigneeId: string;
    readonly reason: string | null;
    readonly reassignedAt: string;
  }
>;

export type TaskRescheduled = Event<
  'TaskRescheduled',
  {
    readonly taskId: string;
    /** YYYY-MM-DD, like dueDate. */
    readonly previousDueDate: string;
    readonly dueDate: string;
    readonly reason: string | null;
    readonly rescheduledAt: string;
  }
>;

export type TaskPriorityChanged = Event<
  'TaskPriorityChanged',
  { readonly taskId: string; readonly previousPriority: TaskPriority; readonly priority: TaskPriority }
>;

/** The task is done for good; nothing changes on it afterwards. */
export type TaskCompleted = Event<
  'TaskCompleted',
  {
    readonly taskId: string;
    readonly outcome: string | null;
    readonly completedAt: string;
    readonly completedBy: string;
  }
>;

/** The task will not be done; nothing changes on it afterwards. */
export type TaskCancelled = Event<
  'TaskCancelled',
  { readonly taskId: string; readonly reason: string; readonly cancelledAt: string; readonly cancelledBy: string }
>;

export type TaskEvent =
  TaskCreated | TaskReassigned | TaskRescheduled | TaskPriorityChanged | TaskCompleted | TaskCancelled;

export type TaskEventType = TaskEvent['type'];

/** Every task event type with its current schema version. */
export const taskEvents = eventCodec<TaskEvent>({
  TaskCreated: 1,
  TaskReassigned: 1,
  TaskRescheduled: 1,
  TaskPriorityChanged: 1,
  TaskCompleted: 1,
  TaskCancelled: 1,
});
