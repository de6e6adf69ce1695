import type { OpportunityView } from './opportunity-view.document';

/** What clients see of an opportunity: the stream revision as `revision`, like every other resource; no bookkeeping of the names. */
export type OpportunityResource = Omit<OpportunityView, '_id' | '_revision' | 'accountNameRevision' | 'ownerNameRevision'> & {
  readonly id: string;
  readonly revision: number;
};

export const toOpportunityResource = ({ _id, _revision, accountNameRevision: _account, ownerNameRevision: _owner, ...rest }: OpportunityView): OpportunityResource => ({
  id: _id,
  revision: _revision,
  ...rest,
});
