import { DomainError } from '@ledger/event-sourcing/kernel';

// Every class name carries "Task" so that the domains can be re-exported side by side.

export class TaskNotFoundError extends DomainError {
  constructor(taskId: string) {
    super('task-not-found', 'not-found', `Task ${taskId} does not exist.`);
  }
}

export class TaskAlreadyExistsError extends DomainError {
  constructor(taskId: string) {
    super('task-already-exists', 'already-exists', `Task ${taskId} already exists.`);
  }
}

export class TaskTitleRequiredError extends DomainError {
  constructor() {
    super('task-title-required', 'rule-violated', 'A task needs a title that is not blank.');
  }
}

export class TaskAssigneeRequiredError extends DomainError {
  constructor() {
    super('task-assignee-required', 'rule-violated', 'A task needs an assignee.');
  }
}

export class TaskNeedsSubjectError extends DomainError {
  constructor() {
    super(
      'task-needs-subject',
      'rule-violated',
      'A task is about an opportunity, an account or both; give at least one.',
    );
  }
}

export class InvalidTaskDueDateError extends DomainError {
  constructor(dueDate: string) {
    super('invalid-due-date', 'rule-violated', `The due date must be a calendar date (YYYY-MM-DD) from 1900-01-01 on; got ${dueDate}.`);
  }
}

export class InvalidTaskPriorityError extends DomainError {
  constructor(priority: string) {
    super('invalid-task-priority', 'rule-violated', `The priority must be low, normal or high; got ${priority}.`);
  }
}

export class TaskClosedError extends DomainError {
  constructor(status: 'completed' | 'cancelled') {
    super('task-closed', 'rule-violated', `The task is closed (${status}); nothing can change on it any more.`);
  }
}

export class TaskCancelReasonRequiredError extends DomainError {
  constructor() {
    super('task-cancel-reason-required', 'rule-violated', 'A reason is required to cancel a task.');
  }
}
