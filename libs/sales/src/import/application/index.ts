export * from './crm-sales-import';
