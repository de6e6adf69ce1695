export * from './domain';
export * from './application';
export { OpportunityModule } from './opportunity.module';
