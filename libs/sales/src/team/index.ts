export * from './domain';
export * from './application';
export * from './read-models';
export { TeamModule } from './team.module';
