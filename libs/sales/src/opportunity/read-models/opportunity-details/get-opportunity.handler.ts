import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { toOpportunityResource } from '../opportunity-view/opportunity-resource';
import { OPPORTUNITY_VIEWS, type OpportunityView, type StageStep } from '../opportunity-view/opportunity-view.document';
import { GetOpportunityQuery, type OpportunityDetails, type StageStepWithDuration } from './get-opportunity.query';

export function withDurations(history: readonly StageStep[], status: OpportunityView['status'], now: Date): StageStepWithDuration[] {
  return history.map((step, index) => {
    const next = history[index + 1];
    const closing = step.how === 'won' || step.how === 'lost';
    const end = next ? Date.parse(next.enteredAt) : closing || status !== 'open' ? null : now.getTime();
    return { ...step, durationMs: end === null ? null : Math.max(0, end - Date.parse(step.enteredAt)) };
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
