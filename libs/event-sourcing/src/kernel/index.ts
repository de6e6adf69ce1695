export * from './event';
export * from './decider';
export * from './domain-error';
export * from './money';
export * from './exhaustive';
export * from './calendar';
export * from './event-codec';
