import type { EventStore } from '@ledger/event-sourcing';
import { type AsOfMark, readAtInstants, type ReadStore } from '@ledger/read-store';
import { STAGES } from '../../domain';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../opportunity-view/opportunity-view.document';
import { opportunityViewProjection } from '../opportunity-view/opportunity-view.projection';
import { weightedAmount } from '../pipeline/pipeline.cube';

/** Why open pipeline value moved between two instants, one cause per opportunity and measure. */
export const CHANGE_CAUSES = [
  'new',
  'reopened',
  'won',
  'lost',
  'amount-up',
  'amount-down',
  'pulled-into-period',
  'pushed-out-of-period',
  'reassigned-in',
  'reassigned-out',
  'stage-moved-forward',
  'stage-moved-back',
  'probability-changed',
] as const;
export type ChangeCause = (typeof CHANGE_CAUSES)[number];

/** Which part of the pipeline is compared: like `GET /pipeline`, these owners' open deals closing in the period. */
export type PipelineChangesFilter = { readonly ownerIds?: readonly string[]; readonly closeFrom?: string; readonly closeTo?: string };

export type PipelineTotals = { readonly count: number; readonly amountMinor: number; readonly weightedAmountMinor: number };

export type PipelineChangePart = {
  readonly cause: ChangeCause | 'rounding';
  /** Opportunities behind this part (none for `rounding`). */
  readonly count: number;
  readonly amountMinor: number;
  readonly weightedAmountMinor: number;
  readonly opportunityIds: string[];
};

export type CurrencyChanges = {
  /** null for deals without an amount. */
  readonly currency: string | null;
  readonly atFrom: PipelineTotals;
  readonly atTo: PipelineTotals;
  /** atTo − atFrom; the parts' `amountMinor` and `weightedAmountMinor` each sum to it exactly. */
  readonly change: { readonly amountMinor: number; readonly weightedAmountMinor: number };
  readonly parts: PipelineChangePart[];
};

export type PipelineChanges = {
  readonly from: AsOfMark;
  readonly to: AsOfMark;
  readonly filter: { readonly ownerIds: string[] | null; readonly closeFrom: string | null; readonly closeTo: string | null };
  readonly currencies: CurrencyChanges[];
};

/** What an opportunity adds to the open pipeline in one currency: its amount, and amount × probability (exact, ×100). */
type Contribution = { readonly currency: string | null; readonly amount: number; readonly times100: number };

type Deal = Pick<OpportunityView, '_id' | 'status' | 'stage' | 'probability' | 'amountMinor' | 'currency' | 'expectedCloseDate' | 'ownerId'>;

const contributionOf = (deal: Deal): Contribution => ({
  currency: deal.currency,
  amount: deal.amountMinor ?? 0,
  times100: (deal.amountMinor ?? 0) * deal.probability,
});

class Ledger {
  private readonly byCurrency = new Map<string | null, Map<ChangeCause, { amount: number; times100: number; ids: Set<string> }>>();

  add(cause: ChangeCause, id: string, currency: string | null, amount: number, times100: number): void {
    const parts = this.byCurrency.get(currency) ?? new Map();
    this.byCurrency.set(currency, parts);
    const part = parts.get(cause) ?? { amount: 0, times100: 0, ids: new Set<string>() };
    parts.set(cause, part);
    part.amount += amount;
    part.times100 += times100;
    part.ids.add(id);
  }

  parts(currency: string | null) {
    return this.byCurrency.get(currency) ?? new Map<ChangeCause, { amount: number; times100: number; ids: Set<string> }>();
  }
}

/**
 * Splits the change of the open pipeline between two instants by cause. Each opportunity is judged
 * by how it stood at each end (intermediate moves that cancel out leave no trace, as they leave no
 * trace in the value): it entered the compared pipeline (new, reopened, reassigned in, close date
 * pulled into the period), left it (won, lost, reassigned out, pushed out), or stayed in it and
 * changed amount (at the old probability) and probability (at the new amount, by stage move). So
 * every part is a sum of exact integers, and the parts add up to the difference exactly; weighted
 * figures round once per part, and a `rounding` part carries the at most few minor units that
 * rounding leaves, as a ledger would.
 */
export function explainPipelineChange(
  from: ReadonlyMap<string, Deal>,
  to: ReadonlyMap<string, Deal>,
  filter: PipelineChangesFilter,
): Omit<PipelineChanges, 'from' | 'to' | 'filter'> {
  const ownerIn = (deal: Deal): boolean => !filter.ownerIds || filter.ownerIds.includes(deal.ownerId);
  const dateIn = (deal: Deal): boolean =>
    (!filter.closeFrom || deal.expectedCloseDate >= filter.closeFrom) && (!filter.closeTo || deal.expectedCloseDate <= filter.closeTo);
  const counted = (deal: Deal | undefined): boolean => deal !== undefined && deal.status === 'open' && ownerIn(deal) && dateIn(deal);
  const ledger = new Ledger();
  const totals = new Map<string | null, { from: Contribution[]; to: Contribution[] }>();
  const total = (currency: string | null) => totals.get(currency) ?? totals.set(currency, { from: [], to: [] }).get(currency)!;

  for (const id of new Set([...from.keys(), ...to.keys()])) {
    const before = from.get(id);
    const after = to.get(id);
    const was = counted(before) ? before : undefined;
    const is = counted(after) ? after : undefined;
    if (was) total(was.currency).from.push(contributionOf(was));
    if (is) total(is.currency).to.push(contributionOf(is));
    if (!was && is) {
      const cause: ChangeCause =
        before === undefined ? 'new' : before.status !== 'open' ? 'reopened' : !ownerIn(before) ? 'reassigned-in' : 'pulled-into-period';
      const c = contributionOf(is);
      ledger.add(cause, id, c.currency, c.amount, c.times100);
    } else if (was && !is) {
      // A deal once recorded never leaves the log, so it is still there at the later instant.
      const later = after!;
      const cause: ChangeCause =
        later.status === 'won' ? 'won' : later.status === 'lost' ? 'lost' : !ownerIn(later) ? 'reassigned-out' : 'pushed-out-of-period';
      const c = contributionOf(was);
      ledger.add(cause, id, c.currency, -c.amount, -c.times100);
    } else if (was && is) {
      explainStay(ledger, id, was, is);
    }
  }

  const currencies = [...totals.keys()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return {
    currencies: currencies.map((currency) => {
      const { from: atFrom, to: atTo } = total(currency);
      const sum = (list: Contribution[]): PipelineTotals => ({
        count: list.length,
        amountMinor: list.reduce((s, c) => s + c.amount, 0),
        weightedAmountMinor: weightedAmount(list.reduce((s, c) => s + c.times100, 0)),
      });
      const start = sum(atFrom);
      const end = sum(atTo);
      const change = { amountMinor: end.amountMinor - start.amountMinor, weightedAmountMinor: end.weightedAmountMinor - start.weightedAmountMinor };
      const recorded = ledger.parts(currency);
      const parts: PipelineChangePart[] = CHANGE_CAUSES.map((cause) => {
        const part = recorded.get(cause);
        return {
          cause,
          count: part?.ids.size ?? 0,
          amountMinor: part?.amount ?? 0,
          weightedAmountMinor: weightedAmount(part?.times100 ?? 0),
          opportunityIds: [...(part?.ids ?? [])].sort(),
        };
      });
      const roundedSum = parts.reduce((s, p) => s + p.weightedAmountMinor, 0);
      parts.push({ cause: 'rounding', count: 0, amountMinor: 0, weightedAmountMinor: change.weightedAmountMinor - roundedSum, opportunityIds: [] });
      return { currency, atFrom: start, atTo: end, change, parts };
    }),
  };
}

/** A deal counted at both ends: its amount change at the old probability, then its probability change at the new amount. */
function explainStay(ledger: Ledger, id: string, before: Deal, after: Deal): void {
  const was = contributionOf(before);
  const is = contributionOf(after);
  if (was.currency !== is.currency) {
    ledger.add('amount-down', id, was.currency, -was.amount, -was.times100);
    ledger.add('amount-up', id, is.currency, is.amount, is.times100);
    return;
  }
  const amountChange = is.amount - was.amount;
  if (amountChange !== 0) ledger.add(amountChange > 0 ? 'amount-up' : 'amount-down', id, is.currency, amountChange, amountChange * before.probability);
  const stageMove = STAGES.indexOf(after.stage) - STAGES.indexOf(before.stage);
  if (stageMove !== 0 || after.probability !== before.probability) {
    const cause: ChangeCause = stageMove > 0 ? 'stage-moved-forward' : stageMove < 0 ? 'stage-moved-back' : 'probability-changed';
    ledger.add(cause, id, is.currency, 0, is.amount * (after.probability - before.probability));
  }
}

const dealsIn = async (store: ReadStore): Promise<Map<string, Deal>> =>
  new Map((await store.find<Deal>(OPPORTUNITY_VIEWS, {})).map((deal) => [deal._id, deal]));

/** The pipeline's change between two instants, from one fold of the opportunity streams (`category`) up to the later one. */
export async function pipelineChanges(eventStore: EventStore, category: string, filter: PipelineChangesFilter, from: Date, to: Date): Promise<PipelineChanges> {
  const [start, end] = await readAtInstants(eventStore, [opportunityViewProjection], category, [from, to], (store) => dealsIn(store));
  return {
    from: start.mark,
    to: end.mark,
    filter: { ownerIds: filter.ownerIds ? [...filter.ownerIds] : null, closeFrom: filter.closeFrom ?? null, closeTo: filter.closeTo ?? null },
    ...explainPipelineChange(start.answer, end.answer, filter),
  };
}
