import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { taskEvents, type TaskEvent } from '../../domain';
import { priorityRankOf, TASK_VIEWS } from './task-view.document';
import { OPEN_TASKS_CUBE } from './open-tasks.cube';

function changesFor(event: TaskEvent): UpdateSpec {
  switch (event.type) {
    case 'TaskCreated': {
      const d = event.data;
      return {
        $set: {
          title: d.title,
          assigneeId: d.assigneeId,
          opportunityId: d.opportunityId,
          accountId: d.accountId,
          dueDate: d.dueDate,
          priority: d.priority,
          priorityRank: priorityRankOf(d.priority),
          status: 'open',
          origin: d.origin,
          notes: d.notes,
          createdAt: d.createdAt,
          createdBy: d.createdBy,
          completedAt: null,
          completedBy: null,
          outcome: null,
          cancelledAt: null,
          cancelReason: null,
        },
      };
    }
    case 'TaskReassigned':
      return { $set: { assigneeId: event.data.assigneeId } };
    case 'TaskRescheduled':
      return { $set: { dueDate: event.data.dueDate } };
    case 'TaskPriorityChanged':
      return { $set: { priority: event.data.priority, priorityRank: priorityRankOf(event.data.priority) } };
    case 'TaskCompleted': {
      const d = event.data;
      return { $set: { status: 'completed', completedAt: d.completedAt, completedBy: d.completedBy, outcome: d.outcome } };
    }
    case 'TaskCancelled':
      return { $set: { status: 'cancelled', cancelledAt: event.data.cancelledAt, cancelReason: event.data.reason } };
    default:
      return exhaustive(event);
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const taskViewProjection = projectionOf({
  name: 'task-views',
  collections: [TASK_VIEWS],
  cubes: [OPEN_TASKS_CUBE],
  indexes: {
    [TASK_VIEWS]: [
      // The list's filters, then its sorts (due date, priority), each with `_id` for keyset paging.
      { fields: { assigneeId: 1, status: 1, dueDate: 1, _id: 1 } },
      { fields: { accountId: 1 } },
      { fields: { status: 1, dueDate: 1, _id: 1 } },
      { fields: { status: 1, priorityRank: 1, _id: 1 } },
      { fields: { priority: 1, status: 1, dueDate: 1, _id: 1 } },
      { fields: { opportunityId: 1, status: 1, dueDate: 1, _id: 1 } },
      { fields: { dueDate: 1, _id: 1 } },
      { fields: { priorityRank: 1, _id: 1 } },
    ],
  },
  events: taskEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(TASK_VIEWS, event.data.taskId, update, recorded)];
  },
});
