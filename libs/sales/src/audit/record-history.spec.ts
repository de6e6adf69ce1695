import { type AllEvent, type EventMetadata, SqliteEventStore } from '@ledger/event-sourcing';
import { salesEvents, type SalesEvent } from '../events';
import { changesOfLast, type FieldChange, RecordHistory } from './record-history';

const AT = '2026-03-02T10:00:00.000Z';
const LATER = '2026-03-05T09:30:00.000Z';
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const totals = (totalMinor: number) => ({
  grossMinor: totalMinor,
  lineDiscountMinor: 0,
  subtotalMinor: totalMinor,
  quoteDiscountMinor: 0,
  taxMinor: 0,
  totalMinor,
  effectiveDiscountBp: 0,
});
const change = (field: string, from: unknown, to: unknown): FieldChange => ({ field, from, to });
/** A record coming into being: its status leaves `initial`, every field it has goes from null to its value. */
const created = (status: string, fields: Record<string, unknown>): FieldChange[] => [
  change('status', 'initial', status),
  ...Object.entries(fields).map(([field, to]) => change(field, null, to)),
];

const opened: SalesEvent = {
  type: 'OpportunityOpened',
  data: {
    opportunityId: 'o1',
    title: 'Fleet renewal',
    accountId: 'a1',
    accountName: 'Acme',
    ownerId: 'rep-1',
    amount: usd(100_000),
    expectedCloseDate: '2026-06-30',
    source: 'web',
    productInterest: null,
    stage: 'prospecting',
    probability: 10,
    forecastCategory: 'pipeline',
    openedAt: AT,
    openedBy: 'rep-1',
    openedOn: '2026-03-02',
    assignment: null,
  },
};
const won: SalesEvent = {
  type: 'OpportunityWon',
  data: { opportunityId: 'o1', amount: usd(120_000), closedAt: LATER, stageAtClose: 'prospecting', closedOn: '2026-03-05' },
};
const lost: SalesEvent = {
  type: 'OpportunityLost',
  data: { opportunityId: 'o1', reason: 'price', competitor: null, closedAt: LATER, stageAtClose: 'prospecting', closedOn: '2026-03-05' },
};
const registered: SalesEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'a1',
    name: 'Acme',
    sector: 'retail',
    yearEstablished: 1990,
    annualRevenue: null,
    employees: 40,
    officeLocation: 'Oslo',
    parentAccountId: null,
    registeredAt: AT,
    registeredBy: 'admin-1',
  },
};
const contactAdded: SalesEvent = {
  type: 'ContactAdded',
  data: { accountId: 'a1', contactId: 'c1', title: 'CFO', preferredChannel: 'email', addedAt: AT, personal: { fullName: 'Kari Nordmann', email: 'kari@acme.test', phone: null } },
};
const memberAdded: SalesEvent = {
  type: 'TeamMemberAdded',
  data: { userId: 'rep-1', name: 'Anna', role: 'rep', managerId: 'mgr-1', regionalOffice: 'West', addedAt: AT, addedBy: 'admin-1' },
};
const taskCreated: SalesEvent = {
  type: 'TaskCreated',
  data: {
    taskId: 't1',
    title: 'Call back',
    assigneeId: 'rep-1',
    opportunityId: 'o1',
    accountId: null,
    dueDate: '2026-03-10',
    priority: 'normal',
    origin: { kind: 'manual' },
    notes: null,
    createdAt: AT,
    createdBy: 'rep-1',
  },
};
const activityLogged: SalesEvent = {
  type: 'ActivityLogged',
  data: {
    activityId: 'act1',
    kind: 'call',
    direction: 'outbound',
    occurredAt: AT,
    durationMinutes: 15,
    subject: 'Intro call',
    outcome: null,
    body: null,
    accountId: 'a1',
    contactId: null,
    opportunityId: 'o1',
    nextStep: null,
    loggedAt: AT,
    loggedBy: 'rep-1',
  },
};
const productListed: SalesEvent = {
  type: 'ProductListed',
  data: { productCode: 'GTX-PRO', name: 'GTX Pro', series: 'GTX', listPrices: [usd(5_000)], listedAt: AT, listedBy: 'admin-1' },
};
const line = { lineId: 'l1', productCode: 'GTX-PRO', description: 'GTX Pro', quantity: 2, unitPriceMinor: 5_000, discountBasisPoints: 0 };
const drafted: SalesEvent = {
  type: 'QuoteDrafted',
  data: { quoteId: 'q1', opportunityId: 'o1', accountId: 'a1', currency: 'USD', version: 1, previousQuoteId: null, validUntil: '2026-04-01', taxBp: 0, draftedAt: AT, draftedBy: 'rep-1' },
};
const lineAdded: SalesEvent = { type: 'QuoteLineAdded', data: { quoteId: 'q1', line, totals: totals(10_000) } };
const submittedForApproval: SalesEvent = {
  type: 'QuoteSubmittedForApproval',
  data: { quoteId: 'q1', policyVersion: 'p1', reasons: ['discount-above-policy'], totals: totals(10_000), linesHash: 'h1', submittedAt: AT, submittedBy: 'rep-1' },
};
const quoteApproved: SalesEvent = {
  type: 'QuoteApproved',
  data: { quoteId: 'q1', approvedBy: 'mgr-1', automatic: false, policyVersion: 'p1', linesHash: 'h1', approvedAt: AT },
};
const quoteSent: SalesEvent = { type: 'QuoteSent', data: { quoteId: 'q1', sentAt: LATER, sentBy: 'rep-1' } };
const orderLine = { ...line, lineId: 'ol1' };
const orderPlaced: SalesEvent = {
  type: 'OrderPlaced',
  data: {
    orderId: 'or1',
    quoteId: 'q1',
    opportunityId: 'o1',
    quoteVersion: 1,
    currency: 'USD',
    lines: [orderLine],
    quoteDiscountBp: 0,
    taxBp: 0,
    totals: totals(10_000),
    placedAt: AT,
    placedBy: 'system',
    requestedBy: 'rep-1',
  },
};
const orderApprovalRequested: SalesEvent = {
  type: 'OrderApprovalRequested',
  data: { orderId: 'or1', policyVersion: 'p1', reasons: ['total-above-policy'], totalMinor: 10_000, requestedAt: AT },
};
const orderApproved: SalesEvent = {
  type: 'OrderApproved',
  data: { orderId: 'or1', opportunityId: 'o1', currency: 'USD', totalMinor: 10_000, netMinor: 10_000, approvedBy: 'mgr-1', automatic: false, policyVersion: 'p1', approvedAt: LATER },
};
const importStarted: SalesEvent = {
  type: 'ImportStarted',
  data: { importId: 'i1', source: 'crm-sales', files: [{ name: 'sales.csv', sha256: 'abc', rows: 3 }], asOf: '2026-03-01', startedAt: AT, startedBy: 'admin-1' },
};
const statusOf = (from: string, to: string) => change('status', from, to);

type Representative<T extends SalesEvent['type']> = {
  /** The stream category (`opportunity`, `quote`, …). */
  readonly category: string;
  /** The stream's earlier events. */
  readonly given: readonly SalesEvent[];
  readonly event: Extract<SalesEvent, { type: T }>;
  /** The summary an auditor reads: each field the event changed, old → new, in the record's field order. */
  readonly changes: readonly FieldChange[];
};

/** One event of every type the codecs know (the compiler refuses a missing type), in a stream where it makes sense. */
const REPRESENTATIVES: { readonly [T in SalesEvent['type']]: Representative<T> } = {
  OpportunityOpened: {
    category: 'opportunity',
    given: [],
    event: opened as Extract<SalesEvent, { type: 'OpportunityOpened' }>,
    changes: created('open', {
      id: 'o1',
      title: 'Fleet renewal',
      accountId: 'a1',
      accountName: 'Acme',
      ownerId: 'rep-1',
      amount: usd(100_000),
      expectedCloseDate: '2026-06-30',
      openedAt: AT,
      openedOn: '2026-03-02',
      source: 'web',
      stage: 'prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
    }),
  },
  OpportunityDetailsUpdated: {
    category: 'opportunity',
    given: [opened],
    event: { type: 'OpportunityDetailsUpdated', data: { opportunityId: 'o1', changes: { title: 'Fleet renewal 2027', amount: usd(150_000) } } },
    changes: [change('title', 'Fleet renewal', 'Fleet renewal 2027'), change('amount', usd(100_000), usd(150_000))],
  },
  OpportunityOwnerReassigned: {
    category: 'opportunity',
    given: [opened],
    event: { type: 'OpportunityOwnerReassigned', data: { opportunityId: 'o1', previousOwnerId: 'rep-1', ownerId: 'rep-2' } },
    changes: [change('ownerId', 'rep-1', 'rep-2')],
  },
  OpportunityStageChanged: {
    category: 'opportunity',
    given: [opened],
    event: {
      type: 'OpportunityStageChanged',
      data: { opportunityId: 'o1', from: 'prospecting', to: 'proposal', direction: 'forward', reason: null, probability: 50, forecastCategory: 'best-case', changedAt: LATER },
    },
    changes: [change('stage', 'prospecting', 'proposal'), change('probability', 10, 50), change('forecastCategory', 'pipeline', 'best-case')],
  },
  OpportunityForecastAdjusted: {
    category: 'opportunity',
    given: [opened],
    event: { type: 'OpportunityForecastAdjusted', data: { opportunityId: 'o1', probability: 30, forecastCategory: 'commit', reason: 'budget signed', adjustedAt: LATER } },
    changes: [change('probability', 10, 30), change('forecastCategory', 'pipeline', 'commit')],
  },
  OpportunityWon: {
    category: 'opportunity',
    given: [opened],
    event: won as Extract<SalesEvent, { type: 'OpportunityWon' }>,
    changes: [
      statusOf('open', 'won'),
      change('amount', usd(100_000), usd(120_000)),
      change('probability', 10, 100),
      change('forecastCategory', 'pipeline', 'closed'),
      change('closedAt', null, LATER),
      change('closedOn', null, '2026-03-05'),
    ],
  },
  OpportunityLost: {
    category: 'opportunity',
    given: [opened],
    event: lost as Extract<SalesEvent, { type: 'OpportunityLost' }>,
    changes: [
      statusOf('open', 'lost'),
      change('probability', 10, 0),
      change('forecastCategory', 'pipeline', 'omitted'),
      change('closedAt', null, LATER),
      change('closedOn', null, '2026-03-05'),
      change('stageAtLoss', null, 'prospecting'),
    ],
  },
  OpportunityReopened: {
    category: 'opportunity',
    given: [opened, lost],
    event: { type: 'OpportunityReopened', data: { opportunityId: 'o1', stage: 'qualification', probability: 20, forecastCategory: 'pipeline', reason: 'back in budget', reopenedAt: LATER } },
    changes: [
      statusOf('lost', 'open'),
      change('stage', 'prospecting', 'qualification'),
      change('probability', 0, 20),
      change('forecastCategory', 'omitted', 'pipeline'),
      change('closedAt', LATER, null),
      change('closedOn', '2026-03-05', null),
      change('stageAtLoss', 'prospecting', null),
    ],
  },
  OpportunityPrimaryQuoteSet: {
    category: 'opportunity',
    given: [opened],
    event: { type: 'OpportunityPrimaryQuoteSet', data: { opportunityId: 'o1', quoteId: 'q1', amount: usd(90_000) } },
    changes: [change('amount', usd(100_000), usd(90_000)), change('primaryQuoteId', null, 'q1')],
  },
  OpportunityAmountSynced: {
    category: 'opportunity',
    given: [opened],
    event: { type: 'OpportunityAmountSynced', data: { opportunityId: 'o1', quoteId: 'q1', amount: usd(95_000) } },
    changes: [change('amount', usd(100_000), usd(95_000))],
  },
  OpportunityAccountChanged: {
    category: 'opportunity',
    given: [opened],
    event: {
      type: 'OpportunityAccountChanged',
      data: { opportunityId: 'o1', previousAccountId: 'a1', accountId: 'a2', accountName: 'Acme Group', reason: 'merge', changedAt: LATER },
    },
    changes: [change('accountId', 'a1', 'a2'), change('accountName', 'Acme', 'Acme Group')],
  },

  AccountRegistered: {
    category: 'account',
    given: [],
    event: registered as Extract<SalesEvent, { type: 'AccountRegistered' }>,
    changes: created('active', { id: 'a1', name: 'Acme', sector: 'retail', yearEstablished: 1990, employees: 40, officeLocation: 'Oslo', registeredAt: AT }),
  },
  AccountRenamed: {
    category: 'account',
    given: [registered],
    event: { type: 'AccountRenamed', data: { accountId: 'a1', previousName: 'Acme', name: 'Acme AS', renamedAt: LATER } },
    changes: [change('name', 'Acme', 'Acme AS')],
  },
  AccountProfileUpdated: {
    category: 'account',
    given: [registered],
    event: { type: 'AccountProfileUpdated', data: { accountId: 'a1', changes: { employees: 55, annualRevenue: usd(9_000_000) }, updatedAt: LATER } },
    changes: [change('annualRevenue', null, usd(9_000_000)), change('employees', 40, 55)],
  },
  AccountMerged: {
    category: 'account',
    given: [registered],
    event: { type: 'AccountMerged', data: { accountId: 'a1', intoAccountId: 'a2', mergedAt: LATER, mergedBy: 'mgr-1' } },
    changes: [statusOf('active', 'merged'), change('intoAccountId', null, 'a2')],
  },
  ContactAdded: {
    category: 'account',
    given: [registered],
    event: contactAdded as Extract<SalesEvent, { type: 'ContactAdded' }>,
    changes: [
      change('contacts.c1.contactId', null, 'c1'),
      change('contacts.c1.title', null, 'CFO'),
      change('contacts.c1.preferredChannel', null, 'email'),
      change('contacts.c1.personal.fullName', null, 'Kari Nordmann'),
      change('contacts.c1.personal.email', null, 'kari@acme.test'),
      change('contacts.c1.removed', null, false),
      change('contacts.c1.erased', null, false),
    ],
  },
  ContactUpdated: {
    category: 'account',
    given: [registered, contactAdded],
    event: { type: 'ContactUpdated', data: { accountId: 'a1', contactId: 'c1', changes: { title: 'CEO' }, personal: { phone: '+47 22 00 00 00' }, updatedAt: LATER } },
    changes: [change('contacts.c1.title', 'CFO', 'CEO'), change('contacts.c1.personal.phone', null, '+47 22 00 00 00')],
  },
  ContactRemoved: {
    category: 'account',
    given: [registered, contactAdded],
    event: { type: 'ContactRemoved', data: { accountId: 'a1', contactId: 'c1', reason: 'left the company', removedAt: LATER } },
    changes: [change('contacts.c1.removed', false, true)],
  },
  ContactErased: {
    category: 'account',
    given: [registered, contactAdded],
    event: { type: 'ContactErased', data: { accountId: 'a1', contactId: 'c1', erasedBy: 'admin-1', reason: 'asked to be forgotten', erasedAt: LATER } },
    // Folded from plain events here; in the log the events before read as erased once the key is gone, so no old value shows.
    changes: [
      change('contacts.c1.personal.fullName', 'Kari Nordmann', '[erased]'),
      change('contacts.c1.personal.email', 'kari@acme.test', '[erased]'),
      change('contacts.c1.personal.phone', null, '[erased]'),
      change('contacts.c1.personal.erased', null, true),
      change('contacts.c1.erased', false, true),
    ],
  },

  TeamMemberAdded: {
    category: 'member',
    given: [],
    event: memberAdded as Extract<SalesEvent, { type: 'TeamMemberAdded' }>,
    changes: created('active', { userId: 'rep-1', name: 'Anna', role: 'rep', managerId: 'mgr-1', regionalOffice: 'West', addedAt: AT }),
  },
  TeamMemberRenamed: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberRenamed', data: { userId: 'rep-1', previousName: 'Anna', name: 'Anna Berg', renamedAt: LATER } },
    changes: [change('name', 'Anna', 'Anna Berg')],
  },
  TeamMemberRoleChanged: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberRoleChanged', data: { userId: 'rep-1', previousRole: 'rep', role: 'manager' } },
    changes: [change('role', 'rep', 'manager')],
  },
  TeamMemberManagerChanged: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberManagerChanged', data: { userId: 'rep-1', previousManagerId: 'mgr-1', managerId: 'mgr-2' } },
    changes: [change('managerId', 'mgr-1', 'mgr-2')],
  },
  TeamMemberOfficeChanged: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberOfficeChanged', data: { userId: 'rep-1', previousOffice: 'West', regionalOffice: 'East' } },
    changes: [change('regionalOffice', 'West', 'East')],
  },
  TeamMemberDeactivated: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberDeactivated', data: { userId: 'rep-1', reason: 'left', deactivatedAt: LATER } },
    changes: [statusOf('active', 'inactive')],
  },
  TeamMemberReactivated: {
    category: 'member',
    given: [memberAdded, { type: 'TeamMemberDeactivated', data: { userId: 'rep-1', reason: 'left', deactivatedAt: AT } }],
    event: { type: 'TeamMemberReactivated', data: { userId: 'rep-1', reactivatedAt: LATER } },
    changes: [statusOf('inactive', 'active')],
  },
  TeamMemberTokensRevoked: {
    category: 'member',
    given: [memberAdded],
    event: { type: 'TeamMemberTokensRevoked', data: { userId: 'rep-1', revokedAt: LATER, revokedBy: 'admin-1' } },
    changes: [change('tokensRevokedAt', null, LATER)],
  },
  AccountParentLinked: {
    category: 'hierarchy',
    given: [],
    event: { type: 'AccountParentLinked', data: { accountId: 'a1', parentAccountId: 'a2', linkedAt: LATER } },
    changes: [change('parents.a1', null, 'a2')],
  },
  ApiKeyIssued: {
    category: 'apikey',
    given: [],
    event: { type: 'ApiKeyIssued', data: { keyId: 'k1', name: 'CRM import', roles: ['admin'], secretHash: 'h'.repeat(43), issuedAt: AT, issuedBy: 'admin-1' } },
    changes: created('active', { keyId: 'k1', name: 'CRM import', roles: ['admin'], secretHash: 'h'.repeat(43) }),
  },
  ApiKeyRevoked: {
    category: 'apikey',
    given: [{ type: 'ApiKeyIssued', data: { keyId: 'k1', name: 'CRM import', roles: ['admin'], secretHash: 'h'.repeat(43), issuedAt: AT, issuedBy: 'admin-1' } }],
    event: { type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'leaked', revokedAt: LATER, revokedBy: 'admin-1' } },
    changes: [change('status', 'active', 'revoked'), change('revokedAt', null, LATER)],
  },
  OwnerPicked: {
    category: 'rotor',
    given: [],
    event: { type: 'OwnerPicked', data: { poolKey: 'West', opportunityId: 'o1', ownerId: 'rep-1', candidates: ['rep-1', 'rep-2'], previousOwnerId: null, pickedAt: AT } },
    changes: [change('lastOwnerId', null, 'rep-1'), change('picks', 0, 1)],
  },

  TaskCreated: {
    category: 'task',
    given: [],
    event: taskCreated as Extract<SalesEvent, { type: 'TaskCreated' }>,
    changes: created('open', {
      taskId: 't1',
      title: 'Call back',
      assigneeId: 'rep-1',
      opportunityId: 'o1',
      dueDate: '2026-03-10',
      priority: 'normal',
      'origin.kind': 'manual',
      createdAt: AT,
    }),
  },
  TaskReassigned: {
    category: 'task',
    given: [taskCreated],
    event: { type: 'TaskReassigned', data: { taskId: 't1', previousAssigneeId: 'rep-1', assigneeId: 'rep-2', reason: null, reassignedAt: LATER } },
    changes: [change('assigneeId', 'rep-1', 'rep-2')],
  },
  TaskRescheduled: {
    category: 'task',
    given: [taskCreated],
    event: { type: 'TaskRescheduled', data: { taskId: 't1', previousDueDate: '2026-03-10', dueDate: '2026-03-12', reason: null, rescheduledAt: LATER } },
    changes: [change('dueDate', '2026-03-10', '2026-03-12')],
  },
  TaskPriorityChanged: {
    category: 'task',
    given: [taskCreated],
    event: { type: 'TaskPriorityChanged', data: { taskId: 't1', previousPriority: 'normal', priority: 'high' } },
    changes: [change('priority', 'normal', 'high')],
  },
  TaskCompleted: {
    category: 'task',
    given: [taskCreated],
    event: { type: 'TaskCompleted', data: { taskId: 't1', outcome: 'reached', completedAt: LATER, completedBy: 'rep-1' } },
    changes: [statusOf('open', 'completed')],
  },
  TaskCancelled: {
    category: 'task',
    given: [taskCreated],
    event: { type: 'TaskCancelled', data: { taskId: 't1', reason: 'deal lost', cancelledAt: LATER, cancelledBy: 'rep-1' } },
    changes: [statusOf('open', 'cancelled')],
  },

  ActivityLogged: {
    category: 'activity',
    given: [],
    event: activityLogged as Extract<SalesEvent, { type: 'ActivityLogged' }>,
    changes: created('logged', {
      activityId: 'act1',
      kind: 'call',
      direction: 'outbound',
      occurredAt: AT,
      durationMinutes: 15,
      subject: 'Intro call',
      accountId: 'a1',
      opportunityId: 'o1',
      loggedAt: AT,
      loggedBy: 'rep-1',
    }),
  },
  ActivityCorrected: {
    category: 'activity',
    given: [activityLogged],
    event: { type: 'ActivityCorrected', data: { activityId: 'act1', changes: { durationMinutes: 25, outcome: 'demo booked' }, reason: 'typo', correctedAt: LATER, correctedBy: 'rep-1' } },
    changes: [change('durationMinutes', 15, 25), change('outcome', null, 'demo booked')],
  },

  ProductListed: {
    category: 'product',
    given: [],
    event: productListed as Extract<SalesEvent, { type: 'ProductListed' }>,
    changes: created('active', { code: 'GTX-PRO', name: 'GTX Pro', series: 'GTX', listPrices: [usd(5_000)] }),
  },
  ProductListPriceChanged: {
    category: 'product',
    given: [productListed],
    event: { type: 'ProductListPriceChanged', data: { productCode: 'GTX-PRO', currency: 'USD', previousAmountMinor: 5_000, amountMinor: 5_500, changedAt: LATER, changedBy: 'admin-1' } },
    changes: [change('listPrices', [usd(5_000)], [usd(5_500)])],
  },
  ProductRetired: {
    category: 'product',
    given: [productListed],
    event: { type: 'ProductRetired', data: { productCode: 'GTX-PRO', reason: 'end of life', retiredAt: LATER, retiredBy: 'admin-1' } },
    changes: [statusOf('active', 'retired'), change('retiredAt', null, LATER)],
  },

  QuoteDrafted: {
    category: 'quote',
    given: [],
    event: drafted as Extract<SalesEvent, { type: 'QuoteDrafted' }>,
    changes: created('draft', {
      id: 'q1',
      opportunityId: 'o1',
      accountId: 'a1',
      currency: 'USD',
      version: 1,
      validUntil: '2026-04-01',
      quoteDiscountBp: 0,
      taxBp: 0,
      'totals.grossMinor': 0,
      'totals.lineDiscountMinor': 0,
      'totals.subtotalMinor': 0,
      'totals.quoteDiscountMinor': 0,
      'totals.taxMinor': 0,
      'totals.totalMinor': 0,
      'totals.effectiveDiscountBp': 0,
    }),
  },
  QuoteLineAdded: {
    category: 'quote',
    given: [drafted],
    event: lineAdded as Extract<SalesEvent, { type: 'QuoteLineAdded' }>,
    changes: [
      change('lines.l1.lineId', null, 'l1'),
      change('lines.l1.productCode', null, 'GTX-PRO'),
      change('lines.l1.description', null, 'GTX Pro'),
      change('lines.l1.quantity', null, 2),
      change('lines.l1.unitPriceMinor', null, 5_000),
      change('lines.l1.discountBasisPoints', null, 0),
      change('totals.grossMinor', 0, 10_000),
      change('totals.subtotalMinor', 0, 10_000),
      change('totals.totalMinor', 0, 10_000),
    ],
  },
  QuoteLineChanged: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteLineChanged', data: { quoteId: 'q1', line: { ...line, quantity: 3 }, totals: totals(15_000) } },
    changes: [
      change('lines.l1.quantity', 2, 3),
      change('totals.grossMinor', 10_000, 15_000),
      change('totals.subtotalMinor', 10_000, 15_000),
      change('totals.totalMinor', 10_000, 15_000),
    ],
  },
  QuoteLineRemoved: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteLineRemoved', data: { quoteId: 'q1', lineId: 'l1', totals: totals(0) } },
    changes: [
      change('totals.grossMinor', 10_000, 0),
      change('totals.subtotalMinor', 10_000, 0),
      change('totals.totalMinor', 10_000, 0),
      change('lines.l1.lineId', 'l1', null),
      change('lines.l1.productCode', 'GTX-PRO', null),
      change('lines.l1.description', 'GTX Pro', null),
      change('lines.l1.quantity', 2, null),
      change('lines.l1.unitPriceMinor', 5_000, null),
      change('lines.l1.discountBasisPoints', 0, null),
    ],
  },
  QuoteDiscountSet: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteDiscountSet', data: { quoteId: 'q1', discountBp: 1_000, totals: { ...totals(10_000), quoteDiscountMinor: 1_000, totalMinor: 9_000, effectiveDiscountBp: 1_000 } } },
    changes: [
      change('quoteDiscountBp', 0, 1_000),
      change('totals.quoteDiscountMinor', 0, 1_000),
      change('totals.totalMinor', 10_000, 9_000),
      change('totals.effectiveDiscountBp', 0, 1_000),
    ],
  },
  QuoteTaxSet: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteTaxSet', data: { quoteId: 'q1', taxBp: 2_500, totals: { ...totals(12_500), subtotalMinor: 10_000, grossMinor: 10_000, taxMinor: 2_500 } } },
    changes: [change('taxBp', 0, 2_500), change('totals.taxMinor', 0, 2_500), change('totals.totalMinor', 10_000, 12_500)],
  },
  QuoteSubmittedForApproval: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: submittedForApproval as Extract<SalesEvent, { type: 'QuoteSubmittedForApproval' }>,
    changes: [statusOf('draft', 'pending-approval'), change('submittedBy', null, 'rep-1'), change('policyVersion', null, 'p1')],
  },
  QuoteSubmitted: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteSubmitted', data: { quoteId: 'q1', policyVersion: 'p1', totals: totals(10_000), linesHash: 'h1', submittedAt: AT, submittedBy: 'rep-1' } },
    changes: [statusOf('draft', 'pending-approval'), change('submittedBy', null, 'rep-1'), change('policyVersion', null, 'p1')],
  },
  QuoteApproved: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval],
    event: quoteApproved as Extract<SalesEvent, { type: 'QuoteApproved' }>,
    changes: [statusOf('pending-approval', 'approved'), change('approvedBy', null, 'mgr-1')],
  },
  QuoteRejected: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval],
    event: { type: 'QuoteRejected', data: { quoteId: 'q1', reason: 'discount too deep', rejectedAt: LATER, rejectedBy: 'mgr-1' } },
    changes: [statusOf('pending-approval', 'draft'), change('submittedBy', 'rep-1', null), change('policyVersion', 'p1', null)],
  },
  QuoteRecalled: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval],
    event: { type: 'QuoteRecalled', data: { quoteId: 'q1', recalledAt: LATER, recalledBy: 'rep-1' } },
    changes: [statusOf('pending-approval', 'draft'), change('submittedBy', 'rep-1', null), change('policyVersion', 'p1', null)],
  },
  QuoteApprovalVoided: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved],
    event: { type: 'QuoteApprovalVoided', data: { quoteId: 'q1', voidedAt: LATER, voidedBy: 'system' } },
    changes: [statusOf('approved', 'draft'), change('submittedBy', 'rep-1', null), change('policyVersion', 'p1', null), change('approvedBy', 'mgr-1', null)],
  },
  QuoteSent: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved],
    event: quoteSent as Extract<SalesEvent, { type: 'QuoteSent' }>,
    changes: [
      statusOf('approved', 'sent'),
      change('sentAt', null, LATER),
      change('submittedBy', 'rep-1', null),
      change('policyVersion', 'p1', null),
      change('approvedBy', 'mgr-1', null),
    ],
  },
  QuoteAccepted: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved, quoteSent],
    event: {
      type: 'QuoteAccepted',
      data: { quoteId: 'q1', opportunityId: 'o1', version: 1, currency: 'USD', lines: [line], quoteDiscountBp: 0, taxBp: 0, totals: totals(10_000), acceptedAt: LATER, acceptedBy: 'rep-1' },
    },
    changes: [statusOf('sent', 'accepted'), change('acceptedAt', null, LATER), change('sentAt', LATER, null)],
  },
  QuoteOrderWithheld: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved, quoteSent, {
        type: 'QuoteAccepted',
        data: { quoteId: 'q1', opportunityId: 'o1', version: 1, currency: 'USD', lines: [line], quoteDiscountBp: 0, taxBp: 0, totals: totals(10_000), acceptedAt: LATER, acceptedBy: 'rep-1' },
      }],
    event: { type: 'QuoteOrderWithheld', data: { quoteId: 'q1', opportunityId: 'o1', reason: 'opportunity-lost', withheldAt: LATER } },
    changes: [change('orderWithheldAt', null, LATER), change('orderWithheldReason', null, 'opportunity-lost')],
  },
  QuoteDeclined: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved, quoteSent],
    event: { type: 'QuoteDeclined', data: { quoteId: 'q1', reason: 'too expensive', declinedAt: LATER, declinedBy: 'rep-1' } },
    changes: [statusOf('sent', 'declined'), change('declinedAt', null, LATER), change('sentAt', LATER, null)],
  },
  QuoteExpired: {
    category: 'quote',
    given: [drafted, lineAdded, submittedForApproval, quoteApproved, quoteSent],
    event: { type: 'QuoteExpired', data: { quoteId: 'q1', validUntil: '2026-04-01', expiredAt: '2026-04-02T00:00:00.000Z' } },
    changes: [statusOf('sent', 'expired'), change('expiredAt', null, '2026-04-02T00:00:00.000Z'), change('sentAt', LATER, null)],
  },
  QuoteSuperseded: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteSuperseded', data: { quoteId: 'q1', byQuoteId: 'q2', supersededAt: LATER, supersededBy: 'rep-1' } },
    changes: [statusOf('draft', 'superseded'), change('supersededByQuoteId', null, 'q2')],
  },
  QuoteMarkedPrimary: {
    category: 'quote',
    given: [drafted, lineAdded],
    event: { type: 'QuoteMarkedPrimary', data: { quoteId: 'q1', opportunityId: 'o1', currency: 'USD', totalMinor: 10_000, netMinor: 10_000, markedAt: LATER, markedBy: 'rep-1' } },
    changes: [change('markedPrimaryAt', null, LATER), change('markedPrimaryBy', null, 'rep-1')],
  },

  OrderPlaced: {
    category: 'order',
    given: [],
    event: orderPlaced as Extract<SalesEvent, { type: 'OrderPlaced' }>,
    changes: created('pending-approval', {
      id: 'or1',
      quoteId: 'q1',
      opportunityId: 'o1',
      quoteVersion: 1,
      currency: 'USD',
      'lines.ol1.lineId': 'ol1',
      'lines.ol1.productCode': 'GTX-PRO',
      'lines.ol1.description': 'GTX Pro',
      'lines.ol1.quantity': 2,
      'lines.ol1.unitPriceMinor': 5_000,
      'lines.ol1.discountBasisPoints': 0,
      quoteDiscountBp: 0,
      taxBp: 0,
      'totals.grossMinor': 10_000,
      'totals.lineDiscountMinor': 0,
      'totals.subtotalMinor': 10_000,
      'totals.quoteDiscountMinor': 0,
      'totals.taxMinor': 0,
      'totals.totalMinor': 10_000,
      'totals.effectiveDiscountBp': 0,
      placedAt: AT,
      placedBy: 'system',
      requestedBy: 'rep-1',
    }),
  },
  OrderApprovalRequested: {
    category: 'order',
    given: [orderPlaced],
    event: orderApprovalRequested as Extract<SalesEvent, { type: 'OrderApprovalRequested' }>,
    changes: [change('policyVersion', null, 'p1')],
  },
  OrderApproved: {
    category: 'order',
    given: [orderPlaced, orderApprovalRequested],
    event: orderApproved as Extract<SalesEvent, { type: 'OrderApproved' }>,
    changes: [statusOf('pending-approval', 'approved'), change('approvedBy', null, 'mgr-1'), change('automatic', null, false), change('approvedAt', null, LATER)],
  },
  OrderLineQuantityChanged: {
    category: 'order',
    given: [orderPlaced, orderApprovalRequested],
    event: { type: 'OrderLineQuantityChanged', data: { orderId: 'or1', lineId: 'ol1', quantity: 1, totals: totals(5_000) } },
    changes: [
      change('lines.ol1.quantity', 2, 1),
      change('totals.grossMinor', 10_000, 5_000),
      change('totals.subtotalMinor', 10_000, 5_000),
      change('totals.totalMinor', 10_000, 5_000),
    ],
  },
  OrderRejected: {
    category: 'order',
    given: [orderPlaced, orderApprovalRequested],
    event: { type: 'OrderRejected', data: { orderId: 'or1', reason: 'credit hold', rejectedAt: LATER, rejectedBy: 'mgr-1' } },
    changes: [statusOf('pending-approval', 'rejected'), change('rejectionReason', null, 'credit hold'), change('rejectedAt', null, LATER), change('rejectedBy', null, 'mgr-1')],
  },
  OrderFulfilled: {
    category: 'order',
    given: [orderPlaced, orderApprovalRequested, orderApproved],
    event: { type: 'OrderFulfilled', data: { orderId: 'or1', fulfilledOn: '2026-03-06', fulfilledAt: '2026-03-06T12:00:00.000Z', fulfilledBy: 'rep-1' } },
    changes: [
      statusOf('approved', 'fulfilled'),
      change('fulfilledOn', null, '2026-03-06'),
      change('fulfilledAt', null, '2026-03-06T12:00:00.000Z'),
      change('fulfilledBy', null, 'rep-1'),
    ],
  },
  OrderCancelled: {
    category: 'order',
    given: [orderPlaced, orderApprovalRequested, orderApproved],
    event: { type: 'OrderCancelled', data: { orderId: 'or1', reason: 'customer withdrew', cancelledAt: '2026-03-06T12:00:00.000Z', cancelledBy: 'mgr-1' } },
    changes: [
      statusOf('approved', 'cancelled'),
      change('cancellationReason', null, 'customer withdrew'),
      change('cancelledAt', null, '2026-03-06T12:00:00.000Z'),
      change('cancelledBy', null, 'mgr-1'),
      change('approvedBy', 'mgr-1', null),
      change('automatic', false, null),
      change('approvedAt', LATER, null),
    ],
  },

  TargetSet: {
    category: 'target',
    given: [
      { type: 'TargetSet', data: { targetId: 'tg1', scope: 'agent', subjectId: 'rep-1', period: '2026-Q2', amount: usd(1_000_000), previous: null, setAt: AT, setBy: 'mgr-1' } },
    ],
    event: { type: 'TargetSet', data: { targetId: 'tg1', scope: 'agent', subjectId: 'rep-1', period: '2026-Q2', amount: usd(1_200_000), previous: usd(1_000_000), setAt: LATER, setBy: 'mgr-1' } },
    changes: [change('amount', usd(1_000_000), usd(1_200_000))],
  },

  ImportStarted: {
    category: 'import',
    given: [],
    event: importStarted as Extract<SalesEvent, { type: 'ImportStarted' }>,
    changes: created('running', {
      'started.importId': 'i1',
      'started.source': 'crm-sales',
      'started.files': [{ name: 'sales.csv', sha256: 'abc', rows: 3 }],
      'started.asOf': '2026-03-01',
      'started.startedAt': AT,
      'started.startedBy': 'admin-1',
    }),
  },
  ImportCompleted: {
    category: 'import',
    given: [importStarted],
    event: {
      type: 'ImportCompleted',
      data: {
        importId: 'i1',
        counts: {
          products: { made: 1, alreadyThere: 0 },
          teamMembers: { made: 0, alreadyThere: 2 },
          accounts: { made: 1, alreadyThere: 0 },
          opportunities: { made: 3, alreadyThere: 0 },
          closed: { made: 2, alreadyThere: 0 },
        },
        issues: [],
        rules: [],
        events: 9,
        completedAt: LATER,
      },
    },
    changes: [
      statusOf('running', 'completed'),
      change('completed.importId', null, 'i1'),
      change('completed.counts.products.made', null, 1),
      change('completed.counts.products.alreadyThere', null, 0),
      change('completed.counts.teamMembers.made', null, 0),
      change('completed.counts.teamMembers.alreadyThere', null, 2),
      change('completed.counts.accounts.made', null, 1),
      change('completed.counts.accounts.alreadyThere', null, 0),
      change('completed.counts.opportunities.made', null, 3),
      change('completed.counts.opportunities.alreadyThere', null, 0),
      change('completed.counts.closed.made', null, 2),
      change('completed.counts.closed.alreadyThere', null, 0),
      change('completed.events', null, 9),
      change('completed.completedAt', null, LATER),
    ],
  },
};

const representativeOf = (type: SalesEvent['type']): Omit<Representative<SalesEvent['type']>, 'event'> & { readonly event: SalesEvent } => REPRESENTATIVES[type];

describe('the changes an event made to its record (GET /audit/events, `changes`)', () => {
  it('has a representative event for every type the codecs know, and none they do not', () => {
    expect(Object.keys(REPRESENTATIVES).sort()).toEqual([...salesEvents.types].sort());
  });

  it.each([...salesEvents.types])('%s: every field it changed, old → new, folded by its aggregate', (type) => {
    const { category, given, event, changes } = representativeOf(type);
    expect(changesOfLast(category, [...given, event])).toEqual(changes);
  });

  it.each([...salesEvents.types])('%s: a summary that is not empty', (type) => {
    const { category, given, event } = representativeOf(type);
    expect(changesOfLast(category, [...given, event]).length).toBeGreaterThan(0);
  });

  it('names nothing for a stream no module folds', () => {
    expect(changesOfLast('elsewhere', [opened])).toEqual([]);
  });
});

describe('the changes of a page of history', () => {
  const metadata: EventMetadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'rep-1', role: 'rep' }, occurredAt: AT, schemaVersion: 1 };
  const stored = (event: SalesEvent, index: number) => ({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, type: event.type, data: event.data, metadata });
  let store: SqliteEventStore;
  let newestFirst: AllEvent[];

  beforeAll(async () => {
    store = new SqliteEventStore(':memory:');
    await store.append('opportunity-o1', [opened, won].map(stored), 'no_stream');
    await store.append('quote-q1', [drafted, lineAdded, submittedForApproval].map((event, index) => stored(event, index + 10)), 'no_stream');
    newestFirst = await store.readHistory({ order: 'newest', maxCount: 10 });
  });
  afterAll(() => store.close());

  it('gives each event the changes it made, folding each stream of the page once', async () => {
    const { changes, kept } = await new RecordHistory(store, { foldBudget: 1_000 }).changesOf(newestFirst);
    expect([kept, changes[0], changes[3]]).toEqual([5, REPRESENTATIVES.QuoteSubmittedForApproval.changes, REPRESENTATIVES.OpportunityWon.changes]);
  });

  it('ends a page early once folding it would pass the budget of folded events', async () => {
    const { changes, kept } = await new RecordHistory(store, { foldBudget: 3 }).changesOf(newestFirst);
    expect([kept, changes.length]).toEqual([3, 3]);
  });

  it('folds on from a checkpoint: a page read again costs only the events after the kept records', async () => {
    const history = new RecordHistory(store, { foldBudget: 3, checkpointEvery: 1 });
    const page = [newestFirst[0], newestFirst[3]];
    const once = await history.changesOf(page);
    const again = await history.changesOf(page);
    expect([once.kept, again.kept, again.changes]).toEqual([1, 2, [REPRESENTATIVES.QuoteSubmittedForApproval.changes, REPRESENTATIVES.OpportunityWon.changes]]);
  });

  it('keeps the first event of a page whatever its fold costs', async () => {
    const { kept } = await new RecordHistory(store, { foldBudget: 0 }).changesOf(newestFirst);
    expect(kept).toBe(1);
  });
});
