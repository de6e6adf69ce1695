import type { AllEvent } from '@ledger/event-sourcing';
import { type Projection, type ReadModelWrite, revisionGuardedUpsert } from '@ledger/read-store';
import { TARGET_EVENT_TYPES, type TargetScope, type TargetSet } from '../domain';

export const TARGET_VIEWS = 'target_views';

export type TargetView = {
  readonly _id: string;
  readonly scope: TargetScope;
  readonly subjectId: string;
  readonly period: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly setAt: string;
  readonly setBy: string;
};

export const targetViewProjection: Projection = {
  name: 'target-views',
  collections: [TARGET_VIEWS],
  indexes: { [TARGET_VIEWS]: [{ fields: { period: 1 } }, { fields: { subjectId: 1 } }] },
  handles: new Set<string>(TARGET_EVENT_TYPES),
  project: (event: AllEvent): readonly ReadModelWrite[] => {
    const { targetId, scope, subjectId, period, amount, setAt, setBy } = (event as unknown as TargetSet).data;
    return [
      revisionGuardedUpsert(
        TARGET_VIEWS,
        targetId,
        { $set: { scope, subjectId, period, amountMinor: amount.amountMinor, currency: amount.currency, setAt, setBy } },
        event,
      ),
    ];
  },
};
