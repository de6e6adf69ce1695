export * from './domain';
export * from './application';
export * from './read-models';
export { TaskModule } from './task.module';
