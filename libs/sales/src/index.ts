export * from './opportunity';
