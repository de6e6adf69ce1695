import { Query } from '@nestjs/cqrs';
import type { OpportunityResource } from '../opportunity-view/opportunity-resource';
import type { Stage } from '../../domain';
import type { StageStep } from '../opportunity-view/opportunity-view.document';

/** A stage a deal's history can name: a stage of the pipeline, or how it closed. */
export type HistoryStage = Stage | 'closed-won' | 'closed-lost';

/** One step of a deal's history as clients read it: the stage it entered and the one it left. */
export type StageStepWithDuration = Omit<StageStep, 'stage'> & {
  /** The stage entered: `closed-won` or `closed-lost` when the step closed the deal. */
  readonly stage: HistoryStage;
  /** The stage it left (null for the opening): for a close, the stage it was won or lost from. */
  readonly fromStage: HistoryStage | null;
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
