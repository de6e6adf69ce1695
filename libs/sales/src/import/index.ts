export * from './domain';
export * from './crm-sales/crm-sales-plan';
export * from './application';
export { ImportModule } from './import.module';
