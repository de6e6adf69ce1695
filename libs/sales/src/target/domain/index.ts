export * from './target.events';
export * from './target.commands';
export * from './target.errors';
export type { TargetState } from './target.state';
export { isTargetPeriod, targetDecider } from './target.decide';
