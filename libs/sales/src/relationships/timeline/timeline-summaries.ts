import type { TimelineKind } from './timeline-entry.document';

type Data = Record<string, unknown>;
type Describe = { readonly kind: TimelineKind; readonly summary: (d: Data) => string; readonly details?: (d: Data) => Data };

/** Decimals per currency, looked up once each (an Intl.NumberFormat is costly to make per event). */
const decimals = new Map<string, number>();
const decimalsOf = (currency: string): number => {
  let digits = decimals.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    decimals.set(currency, digits);
  }
  return digits;
};

/** Minor units in the currency's own decimals (2 for USD, 0 for JPY, 3 for KWD). */
const inUnits = (amountMinor: number, currency: string): string => {
  const digits = decimalsOf(currency);
  return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
};
const money = (d: Data, key = 'amount'): string => {
  const amount = d[key] as { amountMinor: number; currency: string } | null | undefined;
  return amount ? ` (${inUnits(amount.amountMinor, amount.currency)})` : '';
};
const total = (d: Data): string => {
  const totals = d.totals as { totalMinor: number } | undefined;
  if (!totals) return '';
  return typeof d.currency === 'string' ? ` (total ${inUnits(totals.totalMinor, d.currency)})` : ` (total ${totals.totalMinor} minor units)`;
};
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
  QuoteSubmittedForApproval: { kind: 'quote', summary: (d) => `Quote submitted for approval${total(d)}`, details: pick('reasons') },
  QuoteSubmitted: { kind: 'quote', summary: (d) => `Quote submitted${total(d)}` },
  QuoteApproved: { kind: 'quote', summary: () => 'Quote approved', details: pick('approvedBy') },
  QuoteRejected: { kind: 'quote', summary: (d) => `Quote rejected: ${String(d.reason)}` },
  QuoteSent: { kind: 'quote', summary: () => 'Quote sent to the customer' },
  QuoteAccepted: { kind: 'quote', summary: (d) => `Quote accepted${total(d)}` },
  QuoteDeclined: { kind: 'quote', summary: (d) => `Quote declined: ${String(d.reason)}` },
  QuoteExpired: { kind: 'quote', summary: () => 'Quote expired' },
  QuoteSuperseded: { kind: 'quote', summary: () => 'Quote superseded by a revision', details: pick('byQuoteId') },
  QuoteMarkedPrimary: { kind: 'quote', summary: () => 'Quote marked primary' },

  OrderPlaced: { kind: 'order', summary: (d) => `Order placed${total(d)}` },
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
