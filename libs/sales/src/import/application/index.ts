export * from './crm-sales-import';
export * from './imports';
