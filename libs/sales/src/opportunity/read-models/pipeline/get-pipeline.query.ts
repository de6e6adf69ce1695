import { Query } from '@nestjs/cqrs';
import type { Stage } from '../../domain';

/** `ownerIds`: only these owners' opportunities (a manager's team, or one owner). */
export type PipelineFilter = { readonly ownerIds?: readonly string[]; readonly closeFrom?: string; readonly closeTo?: string };

export type CurrencyTotals = {
  /** null for opportunities that have no amount yet. */
  readonly currency: string | null;
  readonly count: number;
  readonly totalAmountMinor: number;
  /** Σ(amount × probability) / 100, rounded half up once per row. */
  readonly weightedAmountMinor: number;
};

export type PipelineStage = { readonly stage: Stage; readonly count: number; readonly byCurrency: CurrencyTotals[] };

export type Pipeline = { readonly stages: PipelineStage[] };

export class GetPipelineQuery extends Query<Pipeline> {
  constructor(readonly filter: PipelineFilter) {
    super();
  }
}
