import type { CubeDefinition, Document } from '@ledger/read-store';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../opportunity-view/opportunity-view.document';

const amountOf = (view: OpportunityView): number => view.amountMinor ?? 0;
export const amountSums = (view: OpportunityView) => ({ total: amountOf(view), weightedTimes100: amountOf(view) * view.probability });

/**
 * Open pipeline per stage and currency, by owner, placed in time by the expected close date: what
 * `GET /pipeline` and the team overview add up. Amount × probability stays an integer; the
 * division by 100 happens once per answered row.
 */
export const PIPELINE_CUBE: CubeDefinition = {
  name: 'pipeline',
  source: OPPORTUNITY_VIEWS,
  dateField: 'expectedCloseDate',
  fixed: ['stage', 'currency'],
  cuboids: [[], ['ownerId']],
  measure: (document: Document) => {
    const view = document as OpportunityView;
    if (view.status !== 'open') return null;
    return { date: view.expectedCloseDate, dims: { stage: view.stage, currency: view.currency, ownerId: view.ownerId }, sums: amountSums(view) };
  },
};

/** Σ(amount × probability) / 100, half up, once per row. */
export const weightedAmount = (weightedTimes100: number): number => Math.round(weightedTimes100 / 100);
