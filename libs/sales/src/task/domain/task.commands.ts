import type { TaskOrigin, TaskPriority } from './task.events';

/**
 * Every command names its task (the stream is `task-<taskId>`) and says when (`at`, ISO-8601 instant)
 * and by whom (`by`, user id).
 */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly taskId: string;
  readonly at: string;
  readonly by: string;
};

export type CreateTask = CommandBase<'CreateTask'> & {
  readonly title: string;
  readonly assigneeId: string;
  /** At least one of opportunityId and accountId. */
  readonly opportunityId: string | null;
  readonly accountId: string | null;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  readonly priority: TaskPriority;
  readonly origin: TaskOrigin;
  readonly notes: string | null;
};

export type ReassignTask = CommandBase<'ReassignTask'> & {
  readonly assigneeId: string;
  readonly reason: string | null;
};

export type RescheduleTask = CommandBase<'RescheduleTask'> & {
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  readonly reason: string | null;
};

export type ChangeTaskPriority = CommandBase<'ChangeTaskPriority'> & { readonly priority: TaskPriority };

export type CompleteTask = CommandBase<'CompleteTask'> & { readonly outcome: string | null };

export type CancelTask = CommandBase<'CancelTask'> & { readonly reason: string };

export type TaskCommand = CreateTask | ReassignTask | RescheduleTask | ChangeTaskPriority | CompleteTask | CancelTask;
