import type { Money } from '@ledger/event-sourcing/kernel';
import type { TargetScope } from './target.events';

/** Sets (or changes) the target of one subject for one period; `at` and `by` say when and who. */
export type SetTarget = {
  readonly type: 'SetTarget';
  readonly targetId: string;
  readonly scope: TargetScope;
  readonly subjectId: string;
  readonly period: string;
  readonly amount: Money;
  readonly at: string;
  readonly by: string;
};

export type TargetCommand = SetTarget;
