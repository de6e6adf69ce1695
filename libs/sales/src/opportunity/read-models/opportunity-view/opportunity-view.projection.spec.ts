import { positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type OpportunityCommand, opportunityDecider, opportunityEvents } from '../../domain';
import { OPPORTUNITY_VIEWS, type OpportunityView } from './opportunity-view.document';
import { opportunityViewProjection } from './opportunity-view.projection';

const ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const OPENED_AT = '2027-01-04T10:00:00.000Z';

type Input<C> = C extends unknown ? Omit<C, 'opportunityId' | 'at' | 'by'> & { readonly opportunityId?: string } : never;

const newLog = () =>
  new RecordingLog(opportunityDecider, opportunityEvents, (command) => `opportunity-${command.opportunityId}`, (userId) => (userId === 'ana' ? 'rep' : 'manager'));

const harness = {
  projection: opportunityViewProjection,
  log: newLog,
  defaults: (command: Input<OpportunityCommand>) => ({ opportunityId: ID, ...command }),
  by: 'ana',
  start: Date.UTC(2027, 0, 4, 9),
  collection: OPPORTUNITY_VIEWS,
  id: ID,
};

describe('opportunity-views projection', () => {
  const spec = useProjectionSpec<OpportunityView, OpportunityCommand, Input<OpportunityCommand>>(harness);
  const { run, view } = spec;

  beforeEach(async () => {
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

  it('delivering the events again, in any batches, changes nothing (writes are guarded by the stream revision)', async () => {
    await run({ type: 'ChangeStage', stage: 'proposal', reason: null });
    await run({ type: 'MarkWon' });
    const once = await spec.collection();
    await spec.expectRedeliveriesChangeNothing(once, 1, 2);
  });
});

describe('opportunity-views projection of events stored at schema version 1', () => {
  const spec = useProjectionSpec<OpportunityView, OpportunityCommand, Input<OpportunityCommand>>(harness);
  const storedV1 = {
    id: `opportunity-${ID}@0`,
    streamName: `opportunity-${ID}`,
    revision: 0,
    type: 'OpportunityOpened',
    // As written before business dates and assignment rules: no `openedOn`, no `assignment`.
    data: {
      opportunityId: ID,
      title: 'Fleet renewal',
      accountId: 'acc-1',
      accountName: 'Acme',
      ownerId: 'ana',
      stage: 'prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
      amount: null,
      expectedCloseDate: '2027-06-30',
      source: 'web',
      productInterest: null,
      openedAt: OPENED_AT,
      openedBy: 'ana',
    },
    metadata: { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor: { userId: 'ana', role: 'rep' as const }, occurredAt: OPENED_AT, schemaVersion: 1 },
    recordedAt: OPENED_AT,
    position: positionOf(1),
  };

  it('upcasts a version-1 OpportunityOpened: the view gets the business day it was opened and no assignment', async () => {
    await spec.applier.apply([storedV1]);
    expect(await spec.view()).toMatchObject({ _id: ID, title: 'Fleet renewal', openedOn: '2027-01-04', assignment: null, status: 'open' });
  });
});
