import { type Decider, exhaustive, isCalendarDate } from '@ledger/event-sourcing/kernel';
import type {
  CancelTask,
  ChangeTaskPriority,
  CompleteTask,
  CreateTask,
  ReassignTask,
  RescheduleTask,
  TaskCommand,
} from './task.commands';
import {
  InvalidTaskDueDateError,
  InvalidTaskPriorityError,
  TaskAlreadyExistsError,
  TaskAssigneeRequiredError,
  TaskCancelReasonRequiredError,
  TaskClosedError,
  TaskNeedsSubjectError,
  TaskNotFoundError,
  TaskTitleRequiredError,
} from './task.errors';
import { TASK_PRIORITIES, type TaskEvent } from './task.events';
import { evolve, initialState, type OpenTaskState, type TaskState } from './task.state';

const isBlank = (text: string | null): boolean => text === null || text.trim() === '';

const checkDueDate = (dueDate: string): void => {
  if (!isCalendarDate(dueDate)) throw new InvalidTaskDueDateError(dueDate);
};

const checkPriority = (priority: string): void => {
  if (!(TASK_PRIORITIES as readonly string[]).includes(priority)) throw new InvalidTaskPriorityError(priority);
};

const requireOpen = (command: TaskCommand, state: TaskState): OpenTaskState => {
  if (state.status === 'initial') throw new TaskNotFoundError(command.taskId);
  if (state.status !== 'open') throw new TaskClosedError(state.status);
  return state;
};

const create = (command: CreateTask, state: TaskState): TaskEvent[] => {
  if (state.status !== 'initial') throw new TaskAlreadyExistsError(command.taskId);
  if (isBlank(command.title)) throw new TaskTitleRequiredError();
  if (isBlank(command.assigneeId)) throw new TaskAssigneeRequiredError();
  if (isBlank(command.opportunityId) && isBlank(command.accountId)) throw new TaskNeedsSubjectError();
  checkDueDate(command.dueDate);
  checkPriority(command.priority);
  return [
    {
      type: 'TaskCreated',
      data: {
        taskId: command.taskId,
        title: command.title.trim(),
        assigneeId: command.assigneeId,
        opportunityId: command.opportunityId,
        accountId: command.accountId,
        dueDate: command.dueDate,
        priority: command.priority,
        origin: command.origin,
        notes: command.notes,
        createdAt: command.at,
        createdBy: command.by,
      },
    },
  ];
};

const reassign = (command: ReassignTask, state: TaskState): TaskEvent[] => {
  const current = requireOpen(command, state);
  if (isBlank(command.assigneeId)) throw new TaskAssigneeRequiredError();
  if (command.assigneeId === current.assigneeId) return [];
  return [
    {
      type: 'TaskReassigned',
      data: {
        taskId: current.taskId,
        previousAssigneeId: current.assigneeId,
        assigneeId: command.assigneeId,
        reason: command.reason,
        reassignedAt: command.at,
      },
    },
  ];
};

const reschedule = (command: RescheduleTask, state: TaskState): TaskEvent[] => {
  const current = requireOpen(command, state);
  checkDueDate(command.dueDate);
  if (command.dueDate === current.dueDate) return [];
  return [
    {
      type: 'TaskRescheduled',
      data: {
        taskId: current.taskId,
        previousDueDate: current.dueDate,
        dueDate: command.dueDate,
        reason: command.reason,
        rescheduledAt: command.at,
      },
    },
  ];
};

const changePriority = (command: ChangeTaskPriority, state: TaskState): TaskEvent[] => {
  const current = requireOpen(command, state);
  checkPriority(command.priority);
  if (command.priority === current.priority) return [];
  return [
    {
      type: 'TaskPriorityChanged',
      data: { taskId: current.taskId, previousPriority: current.priority, priority: command.priority },
    },
  ];
};

const complete = (command: CompleteTask, state: TaskState): TaskEvent[] => {
  const current = requireOpen(command, state);
  return [
    {
      type: 'TaskCompleted',
      data: { taskId: current.taskId, outcome: command.outcome, completedAt: command.at, completedBy: command.by },
    },
  ];
};

const cancel = (command: CancelTask, state: TaskState): TaskEvent[] => {
  const current = requireOpen(command, state);
  if (isBlank(command.reason)) throw new TaskCancelReasonRequiredError();
  return [
    {
      type: 'TaskCancelled',
      data: { taskId: current.taskId, reason: command.reason, cancelledAt: command.at, cancelledBy: command.by },
    },
  ];
};

export const decide = (command: TaskCommand, state: TaskState): TaskEvent[] => {
  switch (command.type) {
    case 'CreateTask':
      return create(command, state);
    case 'ReassignTask':
      return reassign(command, state);
    case 'RescheduleTask':
      return reschedule(command, state);
    case 'ChangeTaskPriority':
      return changePriority(command, state);
    case 'CompleteTask':
      return complete(command, state);
    case 'CancelTask':
      return cancel(command, state);
    default:
      return exhaustive(command);
  }
};

export const taskDecider: Decider<TaskCommand, TaskState, TaskEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
