import { type Decider, DomainError, exhaustive } from '@ledger/event-sourcing/kernel';
import type { ImportCompleted, ImportEvent, ImportStarted } from './import.events';

type Base<Type extends string> = { readonly type: Type; readonly importId: string; readonly at: string; readonly by: string };
export type StartImport = Base<'StartImport'> & Omit<ImportStarted['data'], 'importId' | 'startedAt' | 'startedBy'>;
export type CompleteImport = Base<'CompleteImport'> & Omit<ImportCompleted['data'], 'importId' | 'completedAt'>;
export type ImportCommand = StartImport | CompleteImport;

export type ImportState =
  | { readonly status: 'initial' }
  | { readonly status: 'running'; readonly started: ImportStarted['data'] }
  | { readonly status: 'completed'; readonly started: ImportStarted['data']; readonly completed: ImportCompleted['data'] };

export class ImportNotStartedError extends DomainError {
  constructor(importId: string) {
    super('import-not-found', 'not-found', `Import ${importId} was never started.`);
  }
}

const initialState = (): ImportState => ({ status: 'initial' });

const evolve = (state: ImportState, event: ImportEvent): ImportState => {
  switch (event.type) {
    case 'ImportStarted':
      return { status: 'running', started: event.data };
    case 'ImportCompleted':
      return state.status === 'initial' ? state : { status: 'completed', started: state.started, completed: event.data };
    default:
      return exhaustive(event);
  }
};

/** An import is the same files: starting it again (a re-run, a resume after a crash) records nothing new, nor does completing it twice. */
const decide = (command: ImportCommand, state: ImportState): ImportEvent[] => {
  switch (command.type) {
    case 'StartImport': {
      if (state.status !== 'initial') return [];
      const { type, at, by, ...data } = command;
      return [{ type: 'ImportStarted', data: { ...data, startedAt: at, startedBy: by } }];
    }
    case 'CompleteImport': {
      if (state.status === 'initial') throw new ImportNotStartedError(command.importId);
      if (state.status === 'completed') return [];
      const { type, at, by, ...data } = command;
      return [{ type: 'ImportCompleted', data: { ...data, completedAt: at } }];
    }
    default:
      return exhaustive(command);
  }
};

export const importDecider: Decider<ImportCommand, ImportState, ImportEvent> = { initialState, decide, evolve, version: 1 };
