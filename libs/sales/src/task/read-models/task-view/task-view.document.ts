import type { TaskOrigin, TaskPriority } from '../../domain';

export const TASK_VIEWS = 'task_views';

const PRIORITY_RANKS: Record<TaskPriority, string> = { low: '1', normal: '2', high: '3' };

export const priorityRankOf = (priority: TaskPriority): string => PRIORITY_RANKS[priority];

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
  /** The priority as text that sorts low < normal < high, for lists sorted by priority. */
  readonly priorityRank: string;
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
