export * from './record-history';
