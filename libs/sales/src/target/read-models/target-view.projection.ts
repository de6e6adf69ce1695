import { projectionOf, revisionGuardedUpsert } from '@ledger/read-store';
import { targetEvents, type TargetScope } from '../domain';

export const TARGET_VIEWS = 'target_views';

export type TargetView = {
  readonly _id: string;
  readonly _revision: number;
  readonly scope: TargetScope;
  readonly subjectId: string;
  readonly period: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly setAt: string;
  readonly setBy: string;
  readonly updatedAt: string;
};

/** What clients see of a target: `id` and the stream revision as `revision`. */
export type TargetResource = Omit<TargetView, '_id' | '_revision'> & { readonly id: string; readonly revision: number };

export const toTargetResource = ({ _id, _revision, ...rest }: TargetView): TargetResource => ({ id: _id, ...rest, revision: _revision });

export const targetViewProjection = projectionOf({
  name: 'target-views',
  collections: [TARGET_VIEWS],
  // GET /targets sorts by (period, scope, subjectId) and filters by period, subject or both: walked in that order.
  indexes: { [TARGET_VIEWS]: [{ fields: { period: 1, scope: 1, subjectId: 1 } }, { fields: { subjectId: 1, period: 1, scope: 1 } }] },
  events: targetEvents,
  project: ({ data: { targetId, scope, subjectId, period, amount, setAt, setBy } }, recorded) => [
    revisionGuardedUpsert(TARGET_VIEWS, targetId, { $set: { scope, subjectId, period, amountMinor: amount.amountMinor, currency: amount.currency, setAt, setBy } }, recorded),
  ],
});
