import { ListTasksHandler } from './list-tasks/list-tasks.handler';
import { GetTaskHandler } from './task-details/get-task.handler';

export * from './task-view/task-view.document';
export * from './task-view/task-view.projection';
export * from './task-view/open-tasks.cube';
export * from './task-view/task-resource';
export * from './list-tasks/list-tasks.query';
export * from './task-details/get-task.query';

export const taskQueryHandlers = [ListTasksHandler, GetTaskHandler];
