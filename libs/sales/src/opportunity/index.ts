export * from './domain';
export * from './application';
export * from './read-models';
export { OpportunityModule } from './opportunity.module';
