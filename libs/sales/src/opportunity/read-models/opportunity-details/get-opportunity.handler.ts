import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { toOpportunityResource } from '../opportunity-view/opportunity-resource';
import { OPPORTUNITY_VIEWS, type OpportunityView, type StageStep } from '../opportunity-view/opportunity-view.document';
import { GetOpportunityQuery, type HistoryStage, type OpportunityDetails, type StageStepWithDuration } from './get-opportunity.query';

/** The view records a close under the stage the deal closed from; the history answers it as the close it was. */
const stageEntered = (step: StageStep): HistoryStage => (step.how === 'won' ? 'closed-won' : step.how === 'lost' ? 'closed-lost' : step.stage);

export function withDurations(history: readonly StageStep[], status: OpportunityView['status'], now: Date): StageStepWithDuration[] {
  return history.map((step, index) => {
    const next = history[index + 1];
    const closing = step.how === 'won' || step.how === 'lost';
    const end = next ? Date.parse(next.enteredAt) : closing || status !== 'open' ? null : now.getTime();
    return {
      ...step,
      stage: stageEntered(step),
      fromStage: index === 0 ? null : stageEntered(history[index - 1]),
      durationMs: end === null ? null : Math.max(0, end - Date.parse(step.enteredAt)),
    };
  });
}

@QueryHandler(GetOpportunityQuery)
export class GetOpportunityHandler implements IQueryHandler<GetOpportunityQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ opportunityId, now }: GetOpportunityQuery): Promise<OpportunityDetails | null> {
    const view = await this.readStore.findOne<OpportunityView>(OPPORTUNITY_VIEWS, { _id: opportunityId });
    if (!view) return null;
    return { ...toOpportunityResource(view), stageHistory: withDurations(view.stageHistory, view.status, now) };
  }
}
