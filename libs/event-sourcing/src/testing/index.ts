export * from './decider-spec';
export * from './recording-log';
