import { exhaustive } from '@ledger/event-sourcing/kernel';
import type { QuoteEvent } from './quote.events';
import { type QuoteLine, type QuoteTotals, ZERO_TOTALS } from '../../pricing';

/** What every existing quote knows about itself, whatever its status. */
export type QuoteFacts = {
  readonly id: string;
  readonly opportunityId: string;
  readonly accountId?: string | null;
  readonly currency: string;
  readonly version: number;
  readonly previousQuoteId: string | null;
  readonly validUntil: string;
  /** In the order they were added. */
  readonly lines: readonly QuoteLine[];
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
  /** As recorded by the last pricing event. */
  readonly totals: QuoteTotals;
};

/** Who submitted, under which policy: known while pending approval and once approved. */
export type Submission = {
  readonly submittedBy: string;
  readonly policyVersion: string;
};

export type InitialQuoteState = { readonly status: 'initial' };
export type DraftQuoteState = { readonly status: 'draft' } & QuoteFacts;
export type PendingApprovalQuoteState = { readonly status: 'pending-approval' } & QuoteFacts & Submission;
export type ApprovedQuoteState = { readonly status: 'approved'; readonly approvedBy: string } & QuoteFacts & Submission;
export type SentQuoteState = { readonly status: 'sent'; readonly sentAt: string } & QuoteFacts;
export type AcceptedQuoteState = { readonly status: 'accepted'; readonly acceptedAt: string } & QuoteFacts;
export type DeclinedQuoteState = { readonly status: 'declined'; readonly declinedAt: string } & QuoteFacts;
export type ExpiredQuoteState = { readonly status: 'expired'; readonly expiredAt: string } & QuoteFacts;
export type SupersededQuoteState = { readonly status: 'superseded'; readonly supersededByQuoteId: string } & QuoteFacts;

export type QuoteState =
  | InitialQuoteState
  | DraftQuoteState
  | PendingApprovalQuoteState
  | ApprovedQuoteState
  | SentQuoteState
  | AcceptedQuoteState
  | DeclinedQuoteState
  | ExpiredQuoteState
  | SupersededQuoteState;

export type QuoteStatus = QuoteState['status'];

export type ExistingQuoteState = Exclude<QuoteState, InitialQuoteState>;

export const initialState = (): QuoteState => ({ status: 'initial' });

export const factsOf = (state: ExistingQuoteState): QuoteFacts => ({
  id: state.id,
  opportunityId: state.opportunityId,
  accountId: state.accountId,
  currency: state.currency,
  version: state.version,
  previousQuoteId: state.previousQuoteId,
  validUntil: state.validUntil,
  lines: state.lines,
  quoteDiscountBp: state.quoteDiscountBp,
  taxBp: state.taxBp,
  totals: state.totals,
});

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces) leaves the state as it is instead of breaking every later load.
 */
export const evolve = (state: QuoteState, event: QuoteEvent): QuoteState => {
  if (event.type === 'QuoteDrafted') {
    const e = event.data;
    return {
      status: 'draft',
      id: e.quoteId,
      opportunityId: e.opportunityId,
      ...(e.accountId === undefined ? {} : { accountId: e.accountId }),
      currency: e.currency,
      version: e.version,
      previousQuoteId: e.previousQuoteId,
      validUntil: e.validUntil,
      lines: [],
      quoteDiscountBp: 0,
      taxBp: e.taxBp,
      totals: ZERO_TOTALS,
    };
  }
  if (state.status === 'initial') return state;

  switch (event.type) {
    case 'QuoteLineAdded':
      return { ...state, lines: [...state.lines, event.data.line], totals: event.data.totals };
    case 'QuoteLineChanged': {
      const { line, totals } = event.data;
      return { ...state, lines: state.lines.map((l) => (l.lineId === line.lineId ? line : l)), totals };
    }
    case 'QuoteLineRemoved': {
      const { lineId, totals } = event.data;
      return { ...state, lines: state.lines.filter((l) => l.lineId !== lineId), totals };
    }
    case 'QuoteDiscountSet':
      return { ...state, quoteDiscountBp: event.data.discountBp, totals: event.data.totals };
    case 'QuoteTaxSet':
      return { ...state, taxBp: event.data.taxBp, totals: event.data.totals };
    case 'QuoteSubmittedForApproval':
    case 'QuoteSubmitted':
      return {
        ...factsOf(state),
        status: 'pending-approval',
        submittedBy: event.data.submittedBy,
        policyVersion: event.data.policyVersion,
      };
    case 'QuoteApproved':
      if (state.status !== 'pending-approval') return state;
      return {
        ...factsOf(state),
        status: 'approved',
        submittedBy: state.submittedBy,
        policyVersion: event.data.policyVersion,
        approvedBy: event.data.approvedBy,
      };
    case 'QuoteRejected':
    case 'QuoteRecalled':
    case 'QuoteApprovalVoided':
      return { ...factsOf(state), status: 'draft' };
    case 'QuoteSent':
      return { ...factsOf(state), status: 'sent', sentAt: event.data.sentAt };
    case 'QuoteAccepted':
      return { ...factsOf(state), status: 'accepted', acceptedAt: event.data.acceptedAt };
    case 'QuoteDeclined':
      return { ...factsOf(state), status: 'declined', declinedAt: event.data.declinedAt };
    case 'QuoteExpired':
      return { ...factsOf(state), status: 'expired', expiredAt: event.data.expiredAt };
    case 'QuoteMarkedPrimary':
    case 'QuoteOrderWithheld':
      return state;
    case 'QuoteSuperseded':
      return { ...factsOf(state), status: 'superseded', supersededByQuoteId: event.data.byQuoteId };
    default:
      return exhaustive(event);
  }
};
