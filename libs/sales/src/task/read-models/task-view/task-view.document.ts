import type { TaskOrigin, TaskPriority } from '../../domain';

export const TASK_VIEWS = 'task_views';

/** One document per task. */
export type TaskView = {
  readonly _id: string;
  readonly _revision: number;
  readonly title: string;
  readonly assigneeId: string;
  readonly opportunityId: string | null;
  readonly accountId: string | null;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly priority: TaskPriority;
  readonly status: 'open' | 'completed' | 'cancelled';
  readonly origin: TaskOrigin;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly outcome: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly updatedAt: string;
};
