export * from './opportunity';
export * from './projections';
