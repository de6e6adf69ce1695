export * from './domain';
export * from './application';
export * from './read-models';
export { ApiKeyModule } from './api-key.module';
