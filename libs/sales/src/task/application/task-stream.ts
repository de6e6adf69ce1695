import { aggregateStreams } from '@ledger/event-sourcing';
import { taskDecider } from '../domain';

const tasks = aggregateStreams('task', taskDecider);

export const TASK_CATEGORY = tasks.category;
export const taskStream = tasks.stream;
export const loadTask = tasks.load;
export const decideTask = tasks.decide;
