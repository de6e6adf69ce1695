export * from './import.events';
export * from './import.decide';
