import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { STAGES, type Stage } from '../../domain';
import { OPPORTUNITY_VIEWS } from '../opportunity-view/opportunity-view.document';
import { GetPipelineQuery, type Pipeline } from './get-pipeline.query';
import { type GroupRow, pipelineAggregation, weighted } from './pipeline.mongo-query';

const byCurrency = (a: { currency: string | null }, b: { currency: string | null }): number =>
  (a.currency ?? '').localeCompare(b.currency ?? '');

/** Every stage appears, in pipeline order, even when empty. */
@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler implements IQueryHandler<GetPipelineQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetPipelineQuery): Promise<Pipeline> {
    const rows = await this.readStore.aggregate<GroupRow>(OPPORTUNITY_VIEWS, pipelineAggregation(filter));
    return {
      stages: STAGES.map((stage: Stage) => {
        const mine = rows.filter((row) => row._id.stage === stage);
        return {
          stage,
          count: mine.reduce((sum, row) => sum + row.count, 0),
          byCurrency: mine
            .map((row) => ({
              currency: row._id.currency ?? null,
              count: row.count,
              totalAmountMinor: row.total,
              weightedAmountMinor: weighted(row),
            }))
            .sort(byCurrency),
        };
      }),
    };
  }
}
