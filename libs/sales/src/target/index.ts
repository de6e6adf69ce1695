export * from './domain';
export * from './application';
export * from './read-models';
export { TargetModule } from './target.module';
