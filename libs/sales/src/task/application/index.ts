import { TaskHandler } from './task.handler';

export * from './task.handler';
export * from './task-access';

export const taskCommandHandlers = [TaskHandler];
