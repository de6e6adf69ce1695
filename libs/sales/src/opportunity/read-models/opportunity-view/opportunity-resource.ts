import type { OpportunityView } from './opportunity-view.document';

/** What clients see of an opportunity: the stream revision as `revision`, like every other resource; no bookkeeping of the names or the search words. */
export type OpportunityResource = Omit<OpportunityView, '_id' | '_revision' | 'accountNameRevision' | 'ownerNameRevision' | 'titleWords' | 'accountWords'> & {
  readonly id: string;
  readonly revision: number;
};

export const toOpportunityResource = ({
  _id,
  _revision,
  accountNameRevision: _account,
  ownerNameRevision: _owner,
  titleWords: _titleWords,
  accountWords: _accountWords,
  ...rest
}: OpportunityView): OpportunityResource => ({
  id: _id,
  revision: _revision,
  ...rest,
});
