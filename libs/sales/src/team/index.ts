export * from './domain';
export * from './application';
export * from './read-models';
export { TeamModule } from './team.module';
export * from './import/sales-teams-csv';
