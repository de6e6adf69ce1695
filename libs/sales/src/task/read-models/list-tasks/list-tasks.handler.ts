import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@ledger/platform';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { addDays } from '@ledger/event-sourcing';
import { utcDate } from '../task-view/task-days';
import { type TaskResource, toTaskResource } from '../task-view/task-resource';
import { TASK_VIEWS, type TaskView } from '../task-view/task-view.document';
import { type TaskDueFilter, ListTasksQuery, type TaskSort } from './list-tasks.query';

const dueFilter = (due: TaskDueFilter, today: string): Filter => {
  switch (due) {
    case 'overdue':
      return { dueDate: { $lt: today } };
    case 'today':
      return { dueDate: today };
    case 'week':
      return { dueDate: { $gte: today, $lte: addDays(today, 6) } };
  }
};

/** The document field each sort walks: priority by its rank, which orders as text. */
const SORT_FIELDS: Record<TaskSort, { field: 'dueDate' | 'priorityRank'; direction: 1 | -1 }> = {
  dueDate: { field: 'dueDate', direction: 1 },
  '-dueDate': { field: 'dueDate', direction: -1 },
  priority: { field: 'priorityRank', direction: 1 },
  '-priority': { field: 'priorityRank', direction: -1 },
};

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListTasksQuery): Promise<Page<TaskResource>> {
    const today = utcDate(this.clock.now());
    const filters: Filter[] = [];
    if (filter.assigneeIds) filters.push(filter.assigneeIds.length === 1 ? { assigneeId: filter.assigneeIds[0] } : { assigneeId: { $in: [...filter.assigneeIds] } });
    if (filter.opportunityId) filters.push({ opportunityId: filter.opportunityId });
    if (filter.accountId) filters.push({ accountId: filter.accountId });
    if (filter.status !== 'all') filters.push({ status: filter.status });
    if (filter.due) filters.push(dueFilter(filter.due, today));
    if (filter.priority) filters.push({ priority: filter.priority });
    const page = await findPage<TaskView>(this.readStore, TASK_VIEWS, filters, {
      ...SORT_FIELDS[filter.sort ?? 'dueDate'],
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map((view) => toTaskResource(view, today)), nextCursor: page.nextCursor };
  }
}
