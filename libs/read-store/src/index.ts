export * from './read-store.port';
export * from './duplicate-key.error';
export * from './sqlite-read-store';
export * from './mongo-read-store';
export * from './read-store.module';
export * from './projections';
export * from './stores-from-config';
export * from './keyset-page';
