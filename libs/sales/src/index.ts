export * from './pricing';
export * from './opportunity';
export * from './product';
export * from './quote';
export * from './order';
export * from './approvals';
export * from './processes';
export * from './projections';
