import { type AllEvent, positionOf } from '@ledger/event-sourcing';
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

/** An account or team event, appended to the test's log as that module would write it, and projected. */
async function recordOther(spec: { log: { all: AllEvent[] }; applier: { apply(batch: readonly AllEvent[]): Promise<void> } }, streamName: string, revision: number, type: string, data: Record<string, unknown>): Promise<void> {
  const at = new Date(Date.UTC(2027, 0, 4, 8, spec.log.all.length)).toISOString();
  const event: AllEvent = {
    id: `${streamName}@${revision}`,
    streamName,
    revision,
    type,
    data,
    metadata: { commandId: `other-${spec.log.all.length}`, correlationId: 'c', causationId: 'c', actor: { userId: 'boss', role: 'manager' }, occurredAt: at, schemaVersion: 1 },
    recordedAt: at,
    position: positionOf(spec.log.all.length + 1),
  };
  spec.log.all.push(event);
  await spec.applier.apply([event]);
}

const accountRegistered = (accountId: string, name: string) => ({ accountId, name, registeredAt: '2027-01-04T08:00:00.000Z', registeredBy: 'boss' });
const memberAdded = (userId: string, name: string) => ({ userId, name, role: 'rep', managerId: null, regionalOffice: null, addedAt: '2027-01-04T08:00:00.000Z', addedBy: 'boss' });

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
    await recordOther(spec, 'account-acc-1', 0, 'AccountRegistered', accountRegistered('acc-1', 'Acme'));
    await recordOther(spec, 'account-acc-2', 0, 'AccountRegistered', accountRegistered('acc-2', 'Acme Holdings'));
    await recordOther(spec, 'team-member-ana', 0, 'TeamMemberAdded', memberAdded('ana', 'Ana Alves'));
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
      ownerName: 'Ana Alves',
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

  it('OpportunityOwnerReassigned moves the owner; a member not in the directory yet has no name', async () => {
    await run({ type: 'ReassignOwner', ownerId: 'ben' }, 'boss');
    expect(await view()).toMatchObject({ ownerId: 'ben', ownerName: null });
  });

  it('TeamMemberAdded names the owner in the views of the deals they already own', async () => {
    await run({ type: 'ReassignOwner', ownerId: 'ben' }, 'boss');
    await recordOther(spec, 'team-member-ben', 0, 'TeamMemberAdded', memberAdded('ben', 'Ben Brandt'));
    expect(await view()).toMatchObject({ ownerId: 'ben', ownerName: 'Ben Brandt' });
  });

  it('TeamMemberRenamed renames the owner in the views of their deals', async () => {
    await recordOther(spec, 'team-member-ana', 1, 'TeamMemberRenamed', { userId: 'ana', previousName: 'Ana Alves', name: 'Ana Alves-Reis', renamedAt: '2027-01-05T08:00:00.000Z' });
    expect(await view()).toMatchObject({ ownerId: 'ana', ownerName: 'Ana Alves-Reis' });
  });

  it('OpportunityOwnerReassigned to a member of the directory copies their name', async () => {
    await recordOther(spec, 'team-member-ben', 0, 'TeamMemberAdded', memberAdded('ben', 'Ben Brandt'));
    await run({ type: 'ReassignOwner', ownerId: 'ben' }, 'boss');
    expect(await view()).toMatchObject({ ownerId: 'ben', ownerName: 'Ben Brandt' });
  });

  it('AccountRenamed renames the account in the views of its deals', async () => {
    await recordOther(spec, 'account-acc-1', 1, 'AccountRenamed', { accountId: 'acc-1', previousName: 'Acme', name: 'Acme Group', renamedAt: '2027-01-05T08:00:00.000Z' });
    expect(await view()).toMatchObject({ accountId: 'acc-1', accountName: 'Acme Group' });
  });

  it('OpportunityOpened shows the account under its current name, whatever name the opener saw', async () => {
    await recordOther(spec, 'account-acc-2', 1, 'AccountRenamed', { accountId: 'acc-2', previousName: 'Acme Holdings', name: 'Acme Holdings plc', renamedAt: '2027-01-05T08:00:00.000Z' });
    const other = '3b9f1c1e-0000-4000-8000-00000000000b';
    await run({ type: 'OpenOpportunity', opportunityId: other, title: 'Spares', accountId: 'acc-2', accountName: 'Acme Holdings', ownerId: 'ana', amount: null, expectedCloseDate: '2027-06-30', source: 'web', productInterest: null });
    expect(await view(other)).toMatchObject({ accountName: 'Acme Holdings plc', ownerName: 'Ana Alves' });
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
    await recordOther(spec, 'account-acc-1', 1, 'AccountRenamed', { accountId: 'acc-1', previousName: 'Acme', name: 'Acme Group', renamedAt: '2027-01-05T08:00:00.000Z' });
    await run({ type: 'ReassignOwner', ownerId: 'ben' }, 'boss');
    await recordOther(spec, 'team-member-ben', 0, 'TeamMemberAdded', memberAdded('ben', 'Ben Brandt'));
    await recordOther(spec, 'team-member-ben', 1, 'TeamMemberRenamed', { userId: 'ben', previousName: 'Ben Brandt', name: 'Benjamin Brandt', renamedAt: '2027-01-05T09:00:00.000Z' });
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
