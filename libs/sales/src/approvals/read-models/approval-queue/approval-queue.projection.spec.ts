import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import type { AccountEvent } from '../../../account';
import type { OpportunityEvent } from '../../../opportunity';
import type { QuoteEvent } from '../../../quote';
import type { TeamMemberEvent } from '../../../team';
import { APPROVAL_QUEUE, type ApprovalQueueDocument } from './approval-queue.document';
import { approvalQueueProjection } from './approval-queue.projection';

const ACME = 'a0000000-0000-4000-8000-000000000001';
const DEAL = 'd0000000-0000-4000-8000-000000000001';
const QUOTE = 'q0000000-0000-4000-8000-000000000001';
const AT = '2027-03-01T09:00:00.000Z';
const TOTALS = { grossMinor: 100_000, lineDiscountMinor: 0, subtotalMinor: 100_000, quoteDiscountMinor: 20_000, taxMinor: 8_000, totalMinor: 88_000, effectiveDiscountBp: 2000 };

/** A log as the store records it: per-stream revisions, one position after another. */
function newLog() {
  const all: AllEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: AccountEvent | OpportunityEvent | QuoteEvent | TeamMemberEvent): void => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    all.push({
      id: `${streamName}@${revision}`,
      streamName,
      revision,
      type: event.type,
      data: event.data,
      metadata: { commandId: `c${all.length}`, correlationId: 'flow', causationId: 'flow', actor: { userId: 'ana', role: 'rep' }, occurredAt: AT, schemaVersion: 1 },
      recordedAt: AT,
      position: positionOf(all.length + 1),
    });
  };
  return { all, append };
}

/** An account, a rep in the directory, a deal for the account, and its quote submitted at 20 % off. */
function pendingQuote() {
  const log = newLog();
  log.append(`account-${ACME}`, {
    type: 'AccountRegistered',
    data: { accountId: ACME, name: 'Acme', sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null, registeredAt: AT, registeredBy: 'ana' },
  });
  log.append('team_member-ana', { type: 'TeamMemberAdded', data: { userId: 'ana', name: 'Ana Rep', role: 'rep', managerId: null, regionalOffice: null, addedAt: AT, addedBy: 'admin' } });
  log.append(`opportunity-${DEAL}`, {
    type: 'OpportunityOpened',
    data: {
      opportunityId: DEAL,
      title: 'Fleet renewal',
      accountId: ACME,
      accountName: null,
      ownerId: 'ana',
      amount: null,
      expectedCloseDate: '2027-09-30',
      source: 'web',
      productInterest: null,
      stage: 'prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
      openedAt: AT,
      openedBy: 'ana',
      openedOn: '2027-03-01',
      assignment: null,
    },
  } as OpportunityEvent);
  const quote = (event: QuoteEvent) => log.append(`quote-${QUOTE}`, event);
  quote({ type: 'QuoteDrafted', data: { quoteId: QUOTE, opportunityId: DEAL, accountId: ACME, currency: 'USD', version: 1, previousQuoteId: null, validUntil: '2027-05-01', taxBp: 1000 } } as QuoteEvent);
  quote({
    type: 'QuoteSubmittedForApproval',
    data: { quoteId: QUOTE, policyVersion: 'p1', reasons: ['discount-above-policy'], totals: TOTALS, linesHash: 'h1', submittedAt: AT, submittedBy: 'ana' },
  });
  return log;
}

describe('approval-queue projection', () => {
  let views: SqliteReadStore;
  beforeEach(() => (views = new SqliteReadStore(':memory:')));
  afterEach(() => views.close());
  const apply = (events: AllEvent[]) => new ProjectionApplier(views, approvalQueueProjection).apply(events);
  const queued = () => views.findOne<ApprovalQueueDocument>(APPROVAL_QUEUE, { _id: QUOTE });

  it('a submitted quote waits with its title, account name, submitter name, totals and reasons', async () => {
    await apply(pendingQuote().all);
    expect(await queued()).toMatchObject({
      kind: 'quote',
      pending: true,
      title: 'Fleet renewal',
      accountId: ACME,
      accountName: 'Acme',
      submittedBy: 'ana',
      submitterName: 'Ana Rep',
      reasons: ['discount-above-policy'],
      totals: TOTALS,
      _revision: 1,
    });
  });

  it("keeps the account's name current when the account is renamed", async () => {
    const log = pendingQuote();
    log.append(`account-${ACME}`, { type: 'AccountRenamed', data: { accountId: ACME, previousName: 'Acme', name: 'Acme Group', renamedAt: AT } });
    await apply(log.all);
    expect(await queued()).toMatchObject({ accountName: 'Acme Group' });
  });

  it("keeps the submitter's name current when the team member is renamed", async () => {
    const log = pendingQuote();
    log.append('team_member-ana', { type: 'TeamMemberRenamed', data: { userId: 'ana', previousName: 'Ana Rep', name: 'Ana Alves-Reis', renamedAt: AT } });
    await apply(log.all);
    expect(await queued()).toMatchObject({ submitterName: 'Ana Alves-Reis' });
  });

  it("keeps the deal's title current when it changes", async () => {
    const log = pendingQuote();
    log.append(`opportunity-${DEAL}`, { type: 'OpportunityDetailsUpdated', data: { opportunityId: DEAL, changes: { title: 'Fleet renewal 2028' } } });
    await apply(log.all);
    expect(await queued()).toMatchObject({ title: 'Fleet renewal 2028' });
  });

  it('an approved quote no longer waits', async () => {
    const log = pendingQuote();
    log.append(`quote-${QUOTE}`, { type: 'QuoteApproved', data: { quoteId: QUOTE, approvedBy: 'max', automatic: false, policyVersion: 'p1', linesHash: 'h1', approvedAt: AT } });
    await apply(log.all);
    expect(await queued()).toMatchObject({ pending: false, _revision: 2 });
  });

  it('replaying the log changes nothing', async () => {
    const log = pendingQuote();
    await apply(log.all);
    const once = await views.find(APPROVAL_QUEUE);
    await apply(log.all);
    expect(await views.find(APPROVAL_QUEUE)).toEqual(once);
  });
});
