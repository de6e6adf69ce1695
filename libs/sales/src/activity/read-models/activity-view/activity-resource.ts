import type { ActivityView } from './activity-view.document';

/** What clients see of an activity: the stream revision as `revision`. */
export type ActivityResource = Omit<ActivityView, '_id' | '_revision'> & {
  readonly id: string;
  readonly revision: number;
};

export const toActivityResource = ({ _id, _revision, ...rest }: ActivityView): ActivityResource => ({
  id: _id,
  revision: _revision,
  ...rest,
});
