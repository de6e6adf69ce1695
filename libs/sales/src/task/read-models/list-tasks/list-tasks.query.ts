import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { TaskPriority } from '../../domain';
import type { TaskResource } from '../task-view/task-resource';

export const TASK_STATUS_FILTERS = ['open', 'completed', 'cancelled', 'all'] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

/** Relative to today, the UTC calendar date of the clock: before it, on it, or within the seven days from it. */
export const TASK_DUE_FILTERS = ['overdue', 'today', 'week'] as const;
export type TaskDueFilter = (typeof TASK_DUE_FILTERS)[number];

/** By due date or by priority (high above normal above low); '-' for the other way round. */
export const TASK_SORTS = ['dueDate', '-dueDate', 'priority', '-priority'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export type TaskListFilter = {
  /** The assignees whose tasks the caller may list (a rep: only themselves; a manager with a team: the team's); absent: everyone's. */
  readonly assigneeIds?: readonly string[];
  readonly opportunityId?: string;
  readonly accountId?: string;
  /** 'all' is any status. */
  readonly status: TaskStatusFilter;
  readonly due?: TaskDueFilter;
  readonly priority?: TaskPriority;
  /** 'dueDate' unless given. */
  readonly sort?: TaskSort;
  readonly limit: number;
  readonly cursor?: string;
};

/** Earliest due date first, unless sorted otherwise; ties in id order, so pages never skip or repeat. */
export class ListTasksQuery extends Query<Page<TaskResource>> {
  constructor(readonly filter: TaskListFilter) {
    super();
  }
}
