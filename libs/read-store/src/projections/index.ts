export * from './projection';
export * from './projection-applier';
export * from './revision-guarded-upsert';
export * from './process-manager';
export * from './projection-worker';
export * from './projection-runtime';
export * from './projections.module';
export { rebuildProjections, type RebuildProgress, type RebuildResult } from './rebuild';
export * from './read-your-writes';
