import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryCube, ReadStore } from '@ledger/read-store';
import { STAGES, type Stage } from '../../domain';
import { PIPELINE_CUBE, weightedAmount } from './pipeline.cube';
import { GetPipelineQuery, type Pipeline } from './get-pipeline.query';

const byCurrency = (a: { currency: string | null }, b: { currency: string | null }): number =>
  (a.currency ?? '').localeCompare(b.currency ?? '');

/** Every stage appears, in pipeline order, even when empty; the totals come from the pipeline cube's cells. */
@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler implements IQueryHandler<GetPipelineQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetPipelineQuery): Promise<Pipeline> {
    const rows = await queryCube(this.readStore, PIPELINE_CUBE, {
      from: filter.closeFrom,
      to: filter.closeTo,
      ...(filter.ownerIds ? { where: { ownerId: [...filter.ownerIds] } } : {}),
      groupBy: ['stage', 'currency'],
      sums: ['total', 'weightedTimes100'],
    });
    return {
      stages: STAGES.map((stage: Stage) => {
        const mine = rows.filter((row) => row.key.stage === stage);
        return {
          stage,
          count: mine.reduce((sum, row) => sum + row.n, 0),
          byCurrency: mine
            .map((row) => ({
              currency: row.key.currency ?? null,
              count: row.n,
              totalAmountMinor: row.s.total ?? 0,
              weightedAmountMinor: weightedAmount(row.s.weightedTimes100 ?? 0),
            }))
            .sort(byCurrency),
        };
      }),
    };
  }
}
