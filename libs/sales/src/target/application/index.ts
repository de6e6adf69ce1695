export * from './target.handler';
