import type { Money } from '@ledger/event-sourcing/kernel';
import type { TargetEvent, TargetScope } from './target.events';

export type TargetState =
  | { readonly status: 'initial' }
  | { readonly status: 'set'; readonly scope: TargetScope; readonly subjectId: string; readonly period: string; readonly amount: Money };

export const initialState = (): TargetState => ({ status: 'initial' });

export const evolve = (_state: TargetState, event: TargetEvent): TargetState => {
  const { scope, subjectId, period, amount } = event.data;
  return { status: 'set', scope, subjectId, period, amount };
};
