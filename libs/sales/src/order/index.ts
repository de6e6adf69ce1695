export * from './domain';
export * from './application';
export * from './read-models';
export { OrderModule } from './order.module';
