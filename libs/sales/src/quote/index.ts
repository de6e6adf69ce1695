export * from './domain';
export * from './application';
export * from './read-models';
export { QuoteModule } from './quote.module';
