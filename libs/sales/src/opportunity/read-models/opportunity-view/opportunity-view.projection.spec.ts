import { type AllEvent, type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { ProjectionApplier, SqliteReadStore, rebuildProjections } from '@ledger/read-store';
import { decideOpportunity } from '../../application';
import { OPPORTUNITY_VIEWS, type OpportunityView } from './opportunity-view.document';
import { opportunityViewProjection } from './opportunity-view.projection';

const ID = '3b9f1c1e-0000-4000-8000-00000000000a';
let clock = Date.UTC(2027, 0, 4, 9);
const context = (userId = 'ana'): CommandContext => {
  clock += 86_400_000;
  return { commandId: `cmd-${clock}`, correlationId: 'c', causationId: 'c', actor: { userId, role: 'manager' }, occurredAt: new Date(clock).toISOString() };
};

describe('opportunity-views projection', () => {
  let events: SqliteEventStore;
  let views: SqliteReadStore;
  const view = async (): Promise<OpportunityView> => {
    await rebuildProjections(events, views, [opportunityViewProjection]);
    return (await views.findOne<OpportunityView>(OPPORTUNITY_VIEWS, { _id: ID }))!;
  };
  const run = (command: object, userId?: string) => decideOpportunity(events, ID, { ...command, opportunityId: ID } as never, context(userId));

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
    await run({
      type: 'OpenOpportunity',
      title: 'Fleet renewal',
      accountId: 'acc-1',
      accountName: 'Acme',
      ownerId: 'ana',
      amount: { amountMinor: 100_000, currency: 'USD' },
      expectedCloseDate: '2027-06-30',
      source: 'web',
      productInterest: null,
    });
  });
  afterEach(async () => {
    await views.close();
    await events.close();
  });

  it('OpportunityOpened creates the view with the stage defaults and a first history step', async () => {
    expect(await view()).toMatchObject({
      _id: ID,
      _revision: 0,
      title: 'Fleet renewal',
      accountId: 'acc-1',
      accountIds: ['acc-1'],
      accountName: 'Acme',
      ownerId: 'ana',
      assignment: null,
      status: 'open',
      stage: 'prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
      amountMinor: 100_000,
      currency: 'USD',
      expectedCloseDate: '2027-06-30',
      expectedCloseMonth: '2027-06',
      stageHistory: [{ stage: 'prospecting', how: 'opened', by: 'ana', reason: null }],
    });
  });

  it('OpportunityDetailsUpdated changes only what changed', async () => {
    await run({ type: 'UpdateOpportunityDetails', amount: { amountMinor: 250_000, currency: 'USD' }, expectedCloseDate: '2027-08-15' });
    expect(await view()).toMatchObject({ title: 'Fleet renewal', amountMinor: 250_000, expectedCloseDate: '2027-08-15', expectedCloseMonth: '2027-08' });
  });

  it('OpportunityAccountChanged moves it to the new account and remembers every account it belonged to', async () => {
    await run({ type: 'ChangeOpportunityAccount', accountId: 'acc-2', accountName: 'Acme Holdings', reason: 'merge' }, 'system');
    expect(await view()).toMatchObject({ accountId: 'acc-2', accountName: 'Acme Holdings', accountIds: ['acc-1', 'acc-2'] });
  });

  it('OpportunityOwnerReassigned moves the owner', async () => {
    await run({ type: 'ReassignOwner', ownerId: 'ben' }, 'boss');
    expect((await view()).ownerId).toBe('ben');
  });

  it('OpportunityStageChanged and OpportunityForecastAdjusted move stage, probability and category, with history', async () => {
    await run({ type: 'ChangeStage', stage: 'proposal', reason: null });
    await run({ type: 'ChangeStage', stage: 'qualification', reason: 'budget cut' }, 'ben');
    await run({ type: 'ChangeStage', stage: 'qualification', reason: null, probability: 35 });
    const current = await view();
    expect(current).toMatchObject({ stage: 'qualification', probability: 35, forecastCategory: 'pipeline' });
    expect(current.stageHistory.map((s) => [s.stage, s.how, s.by, s.reason])).toEqual([
      ['prospecting', 'opened', 'ana', null],
      ['proposal', 'forward', 'ana', null],
      ['qualification', 'backward', 'ben', 'budget cut'],
    ]);
  });

  it('OpportunityWon, OpportunityLost and OpportunityReopened set status, close fields and history', async () => {
    await run({ type: 'MarkLost', reason: 'price', competitor: 'Globex' });
    expect(await view()).toMatchObject({ status: 'lost', probability: 0, forecastCategory: 'omitted', lostReason: 'price', competitor: 'Globex' });
    await run({ type: 'Reopen', reason: 'they came back' });
    expect(await view()).toMatchObject({ status: 'open', closedAt: null, lostReason: null, stage: 'prospecting' });
    await run({ type: 'MarkWon', amount: { amountMinor: 90_000, currency: 'USD' } });
    const won = await view();
    expect(won).toMatchObject({ status: 'won', probability: 100, forecastCategory: 'closed', amountMinor: 90_000 });
    expect(won.closedMonth).toBe(won.closedAt!.slice(0, 7));
    expect(won.stageHistory.map((s) => s.how)).toEqual(['opened', 'lost', 'reopened', 'won']);
  });

  it('replaying events twice changes nothing (writes are guarded by the stream revision)', async () => {
    await run({ type: 'ChangeStage', stage: 'proposal', reason: null });
    await run({ type: 'MarkWon' });
    const once = await view();
    const all = (await events.readAll()) as AllEvent[];
    const applier = new ProjectionApplier(views, opportunityViewProjection);
    await applier.apply(all);
    await applier.apply(all.slice(1));
    expect(await views.findOne(OPPORTUNITY_VIEWS, { _id: ID })).toEqual(once);
  });
});
