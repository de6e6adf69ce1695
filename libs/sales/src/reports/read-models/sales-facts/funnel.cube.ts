import { type CubeDefinition, type Document, measureKey } from '@ledger/read-store';
import { STAGES } from '../../../opportunity';
import { daysBetween } from '../measures';
import { DEAL_FACTS, type DealFact } from './sales-facts.documents';

/** The stages a deal counts as having reached: every stage up to the furthest it entered; a won deal passed them all. */
export const reachedStages = (fact: Pick<DealFact, 'status' | 'stages'>): string[] => {
  if (fact.status === 'won') return [...STAGES, 'won'];
  const furthest = Math.max(...fact.stages.map((entry) => STAGES.indexOf(entry.stage)));
  return STAGES.slice(0, furthest + 1);
};

/**
 * Deals by the day they were opened (a cohort), per currency, by owner, product and sector: how
 * many reached each stage (`reached:<stage>`) and how long each stay in a stage lasted, for the
 * stays that ended (`stay:<stage>:<days>`, a histogram for exact medians).
 */
export const FUNNEL_CUBE: CubeDefinition = {
  name: 'funnel',
  source: DEAL_FACTS,
  dateField: 'openedOn',
  fixed: ['currency'],
  cuboids: [[], ['ownerId'], ['product'], ['sector'], ['ownerId', 'product', 'sector']],
  measure: (document: Document) => {
    const fact = document as DealFact;
    const sums: Record<string, number> = {};
    for (const stage of reachedStages(fact)) sums[measureKey('reached', stage)] = 1;
    fact.stages.forEach((entry, index) => {
      const left = fact.stages[index + 1]?.on ?? fact.closedOn;
      if (left === null || left === undefined) return;
      const key = measureKey('stay', `${entry.stage}/${daysBetween(entry.on, left)}`);
      sums[key] = (sums[key] ?? 0) + 1;
    });
    return { date: fact.openedOn, dims: { currency: fact.currency, ownerId: fact.ownerId, product: fact.product, sector: fact.sector }, sums };
  },
};
