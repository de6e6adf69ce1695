import { type CubeDefinition, type Document, measureKey } from '@ledger/read-store';
import { daysBetween, sketched } from '../measures';
import { DEAL_FACTS, type DealFact } from './sales-facts.documents';

/**
 * Won and lost deals by the day they closed (their business date), per outcome and currency, by
 * owner, product, sector and account (accounts with their sector only). Sums: the amount; cycle days (total, and a histogram
 * `cycle:<days>` for exact medians); a sketch of won amounts (`size:`); lost deals per reason and
 * competitor, with their amounts.
 */
export const CLOSED_DEALS_CUBE: CubeDefinition = {
  name: 'closed-deals',
  source: DEAL_FACTS,
  dateField: 'closedOn',
  fixed: ['status', 'currency'],
  cuboids: [
    [],
    ['ownerId'],
    ['product'],
    ['sector'],
    ['sector', 'accountId'],
    ['ownerId', 'product'],
    ['ownerId', 'sector'],
    ['product', 'sector'],
    ['ownerId', 'product', 'sector'],
  ],
  // An account with an agent or a product (rare questions) is answered from that agent's or product's facts.
  factFields: { status: 'status', currency: 'currency', ownerId: 'ownerId', product: 'product', sector: 'sector', accountId: 'accountId' },
  measure: (document: Document) => {
    const fact = document as DealFact;
    if ((fact.status !== 'won' && fact.status !== 'lost') || fact.closedOn === null) return null;
    const amount = fact.amountMinor ?? 0;
    const cycle = daysBetween(fact.openedOn, fact.closedOn);
    const reason = fact.lostReason ?? '';
    const competitor = fact.competitor ?? '';
    return {
      date: fact.closedOn,
      dims: { status: fact.status, currency: fact.currency, ownerId: fact.ownerId, product: fact.product, sector: fact.sector, accountId: fact.accountId },
      sums: {
        amount,
        cycleDays: cycle,
        [measureKey('cycle', cycle)]: 1,
        ...(fact.status === 'won'
          ? sketched('size', amount)
          : {
              [measureKey('reason', reason)]: 1,
              [measureKey('reasonAmount', reason)]: amount,
              [measureKey('competitor', competitor)]: 1,
              [measureKey('competitorAmount', competitor)]: amount,
            }),
      },
    };
  },
};

/**
 * Each account's closed deals by outcome and currency, with the months they closed in
 * (`closedMonth:<YYYY-MM>`) and, in month cells only, the days (`closedOn:<date>`): what
 * segmentation needs for recency, found as the latest month, then the latest day of that month.
 */
export const ACCOUNT_CLOSES_CUBE: CubeDefinition = {
  name: 'account-closes',
  source: DEAL_FACTS,
  dateField: 'closedOn',
  fixed: ['status', 'currency', 'accountId'],
  cuboids: [[]],
  measure: (document: Document) => {
    const fact = document as DealFact;
    if ((fact.status !== 'won' && fact.status !== 'lost') || fact.closedOn === null) return null;
    return {
      date: fact.closedOn,
      dims: { status: fact.status, currency: fact.currency, accountId: fact.accountId },
      sums: { amount: fact.amountMinor ?? 0, [measureKey('closedMonth', fact.closedOn.slice(0, 7))]: 1 },
      monthly: { [measureKey('closedOn', fact.closedOn)]: 1 },
    };
  },
};
