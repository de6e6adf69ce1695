import { Query } from '@nestjs/cqrs';
import type { OpportunityResource } from '../opportunity-view/opportunity-resource';
import type { StageStep } from '../opportunity-view/opportunity-view.document';

export type StageStepWithDuration = StageStep & {
  /** Until the next step, or until now for the current stage of an open opportunity; null after a close. */
  readonly durationMs: number | null;
};

export type OpportunityDetails = Omit<OpportunityResource, 'stageHistory'> & { readonly stageHistory: StageStepWithDuration[] };

export class GetOpportunityQuery extends Query<OpportunityDetails | null> {
  constructor(
    readonly opportunityId: string,
    readonly now: Date,
  ) {
    super();
  }
}
