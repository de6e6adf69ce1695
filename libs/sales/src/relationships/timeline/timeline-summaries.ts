import { formatMoney, type Money } from '@ledger/event-sourcing';
import type { TimelineKind } from './timeline-entry.document';

type Data = Record<string, unknown>;
type Describe = {
  readonly kind: TimelineKind;
  readonly summary: (d: Data) => string;
  readonly details?: (d: Data) => Data;
  /** The summary is followed by the record's total (`totals.totalMinor`), in the record's currency. */
  readonly showsTotal?: true;
};

const money = (d: Data, key = 'amount'): string => {
  const amount = d[key] as Money | null | undefined;
  return amount ? ` (${formatMoney(amount)})` : '';
};

/**
 * The total an entry shows, and in which currency if its event names one: a quote's submission
 * does not, and the entry is then read in the currency of its stream (named by QuoteDrafted).
 */
export const totalOf = (d: Data): { readonly amountMinor: number; readonly currency: string | null } | null => {
  const totals = d.totals as { totalMinor: number } | undefined;
  return totals ? { amountMinor: totals.totalMinor, currency: typeof d.currency === 'string' ? d.currency : null } : null;
};

/** An entry's summary with its total, once its currency is known. */
export const withTotal = (summary: string, total: Money): string => `${summary} (total ${formatMoney(total)})`;
const pick = (...keys: string[]) => (d: Data): Data => Object.fromEntries(keys.filter((key) => d[key] !== undefined).map((key) => [key, d[key]]));

/**
 * The events a timeline shows, and how each reads. Line edits, tax and forecast tweaks are left out:
 * a timeline tells what happened to the relationship, the record's own history tells the rest.
 * Contacts appear by id only: their personal data stays in the account's events and view.
 */
export const TIMELINE_EVENTS: Readonly<Record<string, Describe>> = {
  AccountRegistered: { kind: 'account', summary: (d) => `Account ${String(d.name)} registered` },
  AccountRenamed: { kind: 'account', summary: (d) => `Account renamed from ${String(d.previousName)} to ${String(d.name)}` },
  AccountMerged: { kind: 'account', summary: () => 'Account merged into another account', details: pick('intoAccountId') },
  ContactAdded: { kind: 'contact', summary: () => 'Contact added', details: pick('title', 'preferredChannel') },
  ContactRemoved: { kind: 'contact', summary: () => 'Contact removed', details: pick('reason') },
  ContactErased: { kind: 'contact', summary: () => 'Contact erased (personal data)', details: pick('reason', 'erasedBy') },

  OpportunityOpened: {
    kind: 'opportunity',
    summary: (d) => `Opportunity ${String(d.title)} opened${money(d)}, owner ${String(d.ownerId)}`,
    details: pick('stage', 'ownerId', 'assignment', 'expectedCloseDate'),
  },
  OpportunityOwnerReassigned: { kind: 'opportunity', summary: (d) => `Owner changed to ${String(d.ownerId)}`, details: pick('previousOwnerId', 'ownerId') },
  OpportunityStageChanged: {
    kind: 'opportunity',
    summary: (d) => `Stage ${String(d.from)} → ${String(d.to)}`,
    details: pick('from', 'to', 'direction', 'reason', 'probability'),
  },
  OpportunityWon: { kind: 'opportunity', summary: (d) => `Won${money(d)}`, details: pick('amount', 'stageAtClose') },
  OpportunityLost: { kind: 'opportunity', summary: (d) => `Lost: ${String(d.reason)}`, details: pick('reason', 'competitor', 'stageAtClose') },
  OpportunityReopened: { kind: 'opportunity', summary: (d) => `Reopened at ${String(d.stage)}`, details: pick('stage', 'reason') },
  OpportunityAccountChanged: {
    kind: 'opportunity',
    summary: (d) => (d.reason === 'merge' ? 'Moved to the account its account was merged into' : 'Moved to another account'),
    details: pick('previousAccountId', 'accountId', 'reason'),
  },

  QuoteDrafted: { kind: 'quote', summary: (d) => `Quote v${String(d.version)} drafted`, details: pick('version', 'currency') },
  QuoteSubmittedForApproval: { kind: 'quote', summary: () => 'Quote submitted for approval', details: pick('reasons'), showsTotal: true },
  QuoteSubmitted: { kind: 'quote', summary: () => 'Quote submitted', showsTotal: true },
  QuoteApproved: { kind: 'quote', summary: () => 'Quote approved', details: pick('approvedBy') },
  QuoteRejected: { kind: 'quote', summary: (d) => `Quote rejected: ${String(d.reason)}` },
  QuoteSent: { kind: 'quote', summary: () => 'Quote sent to the customer' },
  QuoteAccepted: { kind: 'quote', summary: () => 'Quote accepted', showsTotal: true },
  QuoteOrderWithheld: { kind: 'quote', summary: () => 'No order placed: the opportunity had been marked lost when the quote was accepted' },
  QuoteDeclined: { kind: 'quote', summary: (d) => `Quote declined: ${String(d.reason)}` },
  QuoteExpired: { kind: 'quote', summary: () => 'Quote expired' },
  QuoteSuperseded: { kind: 'quote', summary: () => 'Quote superseded by a revision', details: pick('byQuoteId') },
  QuoteMarkedPrimary: { kind: 'quote', summary: () => 'Quote marked primary' },

  OrderPlaced: { kind: 'order', summary: () => 'Order placed', showsTotal: true },
  OrderApproved: { kind: 'order', summary: () => 'Order approved' },
  OrderRejected: { kind: 'order', summary: (d) => `Order rejected: ${String(d.reason)}` },
  OrderFulfilled: { kind: 'order', summary: (d) => `Order fulfilled on ${String(d.fulfilledOn)}` },
  OrderCancelled: { kind: 'order', summary: (d) => `Order cancelled: ${String(d.reason)}` },

  TaskCreated: {
    kind: 'task',
    summary: (d) => `Task "${String(d.title)}" for ${String(d.assigneeId)}, due ${String(d.dueDate)}`,
    details: pick('title', 'assigneeId', 'dueDate', 'priority', 'origin'),
  },
  TaskReassigned: { kind: 'task', summary: (d) => `Task reassigned to ${String(d.assigneeId)}`, details: pick('previousAssigneeId', 'assigneeId') },
  TaskRescheduled: { kind: 'task', summary: (d) => `Task moved to ${String(d.dueDate)}`, details: pick('previousDueDate', 'dueDate') },
  TaskCompleted: { kind: 'task', summary: (d) => `Task completed${d.outcome ? `: ${String(d.outcome)}` : ''}`, details: pick('outcome') },
  TaskCancelled: { kind: 'task', summary: (d) => `Task cancelled: ${String(d.reason)}` },

  ActivityLogged: {
    kind: 'activity',
    summary: (d) => `${String(d.kind)}${d.direction ? ` (${String(d.direction)})` : ''}: ${String(d.subject)}${d.outcome ? ` — ${String(d.outcome)}` : ''}`,
    details: pick('kind', 'direction', 'durationMinutes', 'outcome', 'nextStep'),
  },
  ActivityCorrected: { kind: 'activity', summary: (d) => `Activity corrected: ${String(d.reason)}` },
};
