import type { CubeDefinition, Document } from '@ledger/read-store';
import { TASK_VIEWS, type TaskView } from './task-view.document';

/** Open tasks per assignee, placed in time by their due date: how many each has, and how many are overdue. */
export const OPEN_TASKS_CUBE: CubeDefinition = {
  name: 'open-tasks',
  source: TASK_VIEWS,
  dateField: 'dueDate',
  fixed: ['assigneeId'],
  cuboids: [[]],
  measure: (document: Document) => {
    const task = document as TaskView;
    return task.status === 'open' ? { date: task.dueDate, dims: { assigneeId: task.assigneeId }, sums: {} } : null;
  },
};
