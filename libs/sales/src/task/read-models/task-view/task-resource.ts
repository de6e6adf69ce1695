import type { TaskView } from './task-view.document';

/** What clients see of a task: the stream revision as `revision`, and whether it is overdue today. */
export type TaskResource = {
  readonly id: string;
  readonly title: string;
  readonly assigneeId: string;
  readonly opportunityId: string | null;
  readonly accountId: string | null;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly priority: TaskView['priority'];
  readonly status: TaskView['status'];
  /** Open and due before today (UTC). */
  readonly overdue: boolean;
  readonly origin: TaskView['origin'];
  readonly notes: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly outcome: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly revision: number;
  readonly updatedAt: string;
};

/** `today` is a YYYY-MM-DD date; YYYY-MM-DD strings compare in calendar order. */
export const toTaskResource = (view: TaskView, today: string): TaskResource => ({
  id: view._id,
  title: view.title,
  assigneeId: view.assigneeId,
  opportunityId: view.opportunityId,
  accountId: view.accountId,
  dueDate: view.dueDate,
  priority: view.priority,
  status: view.status,
  overdue: view.status === 'open' && view.dueDate < today,
  origin: view.origin,
  notes: view.notes,
  createdAt: view.createdAt,
  createdBy: view.createdBy,
  completedAt: view.completedAt,
  completedBy: view.completedBy,
  outcome: view.outcome,
  cancelledAt: view.cancelledAt,
  cancelReason: view.cancelReason,
  revision: view._revision,
  updatedAt: view.updatedAt,
});
