import { aggregateStreams } from '@ledger/event-sourcing';
import { taskDecider, taskEvents } from '../domain';

const tasks = aggregateStreams('task', taskDecider, taskEvents);

export const TASK_CATEGORY = tasks.category;
export const taskStream = tasks.stream;
export const loadTask = tasks.load;
export const decideTask = tasks.handle;
