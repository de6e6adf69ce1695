export * from './domain';
export * from './application';
export * from './read-models';
export { ProductModule } from './product.module';
export * from './import/products-csv';
