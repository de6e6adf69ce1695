import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { TaskResource } from '../task-view/task-resource';

export const TASK_STATUS_FILTERS = ['open', 'completed', 'cancelled', 'all'] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

/** Relative to today, the UTC calendar date of the clock: before it, on it, or within the seven days from it. */
export const TASK_DUE_FILTERS = ['overdue', 'today', 'week'] as const;
export type TaskDueFilter = (typeof TASK_DUE_FILTERS)[number];

export type TaskListFilter = {
  readonly assigneeId?: string;
  readonly opportunityId?: string;
  readonly accountId?: string;
  /** 'all' is any status. */
  readonly status: TaskStatusFilter;
  readonly due?: TaskDueFilter;
  readonly limit: number;
  readonly cursor?: string;
};

/** Earliest due date first. */
export class ListTasksQuery extends Query<Page<TaskResource>> {
  constructor(readonly filter: TaskListFilter) {
    super();
  }
}
