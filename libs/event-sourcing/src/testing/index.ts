export * from './decider-spec';
export * from './recording-log';
export * from './scripted-eventstoredb';
