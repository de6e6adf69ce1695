import { type CubeDefinition, type Document, measureKey } from '@ledger/read-store';
import { sketched } from '../measures';
import { QUOTE_FACTS, type QuoteFact } from './sales-facts.documents';

/** Discount bands of 5 points: 0 = none, 1 = up to 5 %, … 5 = above 20 %. */
export const discountBand = (bp: number): number => (bp <= 0 ? 0 : Math.min(5, Math.ceil(bp / 500)));

const minutesBetween = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * Quotes by the day they were drafted, per currency, by owner, sector and product (a quote counts
 * under each product on it): how many were submitted, needed a manager, were approved, rejected,
 * sent, accepted and became orders; a sketch of the minutes a manager took to decide
 * (`decision:`); the discount bands (`discount:<band>`).
 */
export const QUOTES_CUBE: CubeDefinition = {
  name: 'quotes',
  source: QUOTE_FACTS,
  dateField: 'draftedOn',
  fixed: ['currency'],
  cuboids: [[], ['ownerId'], ['sector'], ['product'], ['ownerId', 'sector'], ['ownerId', 'sector', 'product']],
  multiValued: ['product'],
  measure: (document: Document) => {
    const fact = document as QuoteFact;
    if (fact.draftedOn === undefined) return null;
    const flag = (name: string, on: boolean): Record<string, number> => (on ? { [name]: 1 } : {});
    const decidedByManager = fact.neededManager && fact.submittedAt !== null && fact.decidedAt !== null;
    return {
      date: fact.draftedOn,
      dims: { currency: fact.currency, ownerId: fact.ownerId, sector: fact.sector, product: [...new Set(Object.values(fact.lines ?? {}))] },
      sums: {
        ...flag('submitted', fact.submittedAt !== null),
        ...flag('neededManager', fact.neededManager),
        ...flag('approved', fact.decision === 'approved'),
        ...flag('rejected', fact.decision === 'rejected'),
        ...flag('sent', fact.sent),
        ...flag('accepted', fact.accepted),
        ...flag('ordered', fact.ordered),
        discountBp: fact.effectiveDiscountBp,
        [measureKey('discount', discountBand(fact.effectiveDiscountBp))]: 1,
        ...(decidedByManager ? sketched('decision', minutesBetween(fact.submittedAt!, fact.decidedAt!)) : {}),
      },
    };
  },
};
