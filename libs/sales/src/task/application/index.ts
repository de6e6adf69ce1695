import { CancelTaskHandler } from './cancel-task/cancel-task.handler';
import { ChangeTaskPriorityHandler } from './change-task-priority/change-task-priority.handler';
import { CompleteTaskHandler } from './complete-task/complete-task.handler';
import { CreateTaskHandler } from './create-task/create-task.handler';
import { ReassignTaskHandler } from './reassign-task/reassign-task.handler';
import { RescheduleTaskHandler } from './reschedule-task/reschedule-task.handler';

export * from './task-stream';
export * from './task-access';
export * from './cancel-task/cancel-task.command';
export * from './change-task-priority/change-task-priority.command';
export * from './complete-task/complete-task.command';
export * from './create-task/create-task.command';
export * from './reassign-task/reassign-task.command';
export * from './reschedule-task/reschedule-task.command';

export const taskCommandHandlers = [
  CreateTaskHandler,
  ReassignTaskHandler,
  RescheduleTaskHandler,
  ChangeTaskPriorityHandler,
  CompleteTaskHandler,
  CancelTaskHandler,
];
