import type { CubeDefinition, Document } from '@ledger/read-store';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../opportunity-view/opportunity-view.document';
import { amountSums } from '../pipeline/pipeline.cube';

/**
 * The forecast per month, category and currency, by owner: open deals in their expected close
 * month, won deals in the month they were won (their business date); omitted and lost deals are
 * left out. Asked for by whole months.
 */
export const FORECAST_CUBE: CubeDefinition = {
  name: 'forecast',
  source: OPPORTUNITY_VIEWS,
  fixed: ['forecastCategory', 'currency'],
  cuboids: [[], ['ownerId']],
  measure: (document: Document) => {
    const view = document as OpportunityView;
    if ((view.status !== 'open' && view.status !== 'won') || view.forecastCategory === 'omitted') return null;
    const date = view.status === 'won' ? (view.closedOn ?? view.closedAt?.slice(0, 10) ?? null) : view.expectedCloseDate;
    return { date, dims: { forecastCategory: view.forecastCategory, currency: view.currency, ownerId: view.ownerId }, sums: amountSums(view) };
  },
};
