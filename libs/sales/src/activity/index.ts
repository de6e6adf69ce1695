export * from './domain';
export * from './application';
export * from './read-models';
export { ActivityModule } from './activity.module';
