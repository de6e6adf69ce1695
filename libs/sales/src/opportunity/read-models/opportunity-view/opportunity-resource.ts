import type { OpportunityView } from './opportunity-view.document';

/** What clients see of an opportunity: the view with its stream revision as `revision`, like every other resource. */
export type OpportunityResource<V extends Pick<OpportunityView, '_id' | '_revision'> = OpportunityView> = Omit<V, '_id' | '_revision'> & {
  readonly id: string;
  readonly revision: number;
};

export const toOpportunityResource = <V extends Pick<OpportunityView, '_id' | '_revision'>>({ _id, _revision, ...rest }: V): OpportunityResource<V> => ({
  id: _id,
  revision: _revision,
  ...rest,
});
