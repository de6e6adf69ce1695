export * from './generate-history';
