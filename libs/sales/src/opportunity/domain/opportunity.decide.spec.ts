import { fold, type Money } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { OpenOpportunity, OpportunityCommand } from './opportunity.commands';
import { opportunityDecider } from './opportunity.decide';
import {
  type OpportunityEvent,
  opportunityEvents,
  type OpportunityLost,
  type OpportunityOpened,
  type OpportunityStageChanged,
  type OpportunityWon,
} from './opportunity.events';
import type { Stage } from './opportunity.stages';

/** The data as recorded before a field existed. */
const without = <T extends object, K extends keyof T>(data: T, key: K): Omit<T, K> =>
  Object.fromEntries(Object.entries(data).filter(([name]) => name !== key)) as Omit<T, K>;


const spec = deciderSpec(opportunityDecider);

const ID = 'opp-1';
const OPENED_AT = '2026-03-10T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const BY = 'user-rep';
const usd = (amountMinor: number): Money => ({ amountMinor, currency: 'USD' });
const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

const openCommand = (overrides: Partial<Omit<OpenOpportunity, 'type'>> = {}): OpenOpportunity => ({
  type: 'OpenOpportunity',
  opportunityId: ID,
  title: 'Fleet renewal 2027',
  accountId: 'acc-1',
  accountName: 'Acme Corporation',
  ownerId: 'user-owner',
  amount: usd(1250000),
  expectedCloseDate: '2026-06-30',
  source: 'web',
  productInterest: 'GTX Pro',
  at: OPENED_AT,
  by: BY,
  ...overrides,
});

const opened = (overrides: Partial<OpportunityOpened['data']> = {}): OpportunityOpened => ({
  type: 'OpportunityOpened',
  data: {
    opportunityId: ID,
    title: 'Fleet renewal 2027',
    accountId: 'acc-1',
    accountName: 'Acme Corporation',
    ownerId: 'user-owner',
    amount: usd(1250000),
    expectedCloseDate: '2026-06-30',
    source: 'web',
    productInterest: 'GTX Pro',
    stage: 'prospecting',
    probability: 10,
    forecastCategory: 'pipeline',
    openedAt: OPENED_AT,
    openedBy: BY,
    assignment: null,
    openedOn: '2026-03-10',
    ...overrides,
  },
});

/** A forward move, as recorded earlier in the history. */
const stageChanged = (
  from: Stage,
  to: Stage,
  probability: number,
  forecastCategory: OpportunityStageChanged['data']['forecastCategory'],
  reason: string | null = null,
): OpportunityStageChanged => ({
  type: 'OpportunityStageChanged',
  data: {
    opportunityId: ID,
    from,
    to,
    direction: 'forward',
    reason,
    probability,
    forecastCategory,
    changedAt: OPENED_AT,
  },
});

const won = (amount: Money = usd(1250000), stageAtClose: Stage = 'prospecting'): OpportunityWon => ({
  type: 'OpportunityWon',
  data: { opportunityId: ID, amount, closedAt: OPENED_AT, stageAtClose, closedOn: '2026-03-10' },
});

const lost = (stageAtClose: Stage = 'prospecting'): OpportunityLost => ({
  type: 'OpportunityLost',
  data: {
    opportunityId: ID,
    reason: 'Budget cut',
    competitor: null,
    closedAt: OPENED_AT,
    stageAtClose,
    closedOn: '2026-03-10',
  },
});

const base = { opportunityId: ID, at: AT, by: BY };

describe('OpenOpportunity', () => {
  it('opens at prospecting with its defaults', () => {
    spec.given([]).when(openCommand()).then([opened()]);
  });

  it.each([
    ['prospecting', 10, 'pipeline'],
    ['qualification', 20, 'pipeline'],
    ['needs-analysis', 40, 'pipeline'],
    ['proposal', 60, 'best-case'],
    ['negotiation', 80, 'commit'],
  ] as const)('opens at %s with probability %i and category %s', (stage, probability, forecastCategory) => {
    spec
      .given([])
      .when(openCommand({ stage }))
      .then([opened({ stage, probability, forecastCategory })]);
  });

  it('takes probability and forecast category overrides', () => {
    spec
      .given([])
      .when(openCommand({ stage: 'qualification', probability: 35, forecastCategory: 'best-case' }))
      .then([opened({ stage: 'qualification', probability: 35, forecastCategory: 'best-case' })]);
  });

  it('accepts the bounds 0 and 99 as probability', () => {
    spec
      .given([])
      .when(openCommand({ probability: 0 }))
      .then([opened({ probability: 0 })]);
    spec
      .given([])
      .when(openCommand({ probability: 99 }))
      .then([opened({ probability: 99 })]);
  });

  it('accepts an account id without its name, and no amount nor product interest', () => {
    spec
      .given([])
      .when(openCommand({ accountId: 'acc-7', accountName: null, amount: null, productInterest: null }))
      .then([opened({ accountId: 'acc-7', accountName: null, amount: null, productInterest: null })]);
  });

  it('records the assignment rule that chose the owner', () => {
    const assignment = { rule: 'round-robin', pool: 'region:Central', candidates: 5 };
    spec
      .given([])
      .when(openCommand({ assignment }))
      .then([opened({ assignment })]);
  });

  it('accepts an expected close date on the day it is opened', () => {
    spec
      .given([])
      .when(openCommand({ expectedCloseDate: '2026-03-10' }))
      .then([opened({ expectedCloseDate: '2026-03-10' })]);
  });

  it('refuses an opportunity that already exists', () => {
    spec.given([opened()]).when(openCommand()).thenFails('opportunity-already-exists');
  });

  it.each(['', '   '])('refuses a blank title (%j)', (title) => {
    spec.given([]).when(openCommand({ title })).thenFails('title-required');
  });

  it.each(['', '   '])('refuses a blank account id (%j): an opportunity is opened for an account', (accountId) => {
    spec.given([]).when(openCommand({ accountId })).thenFails('account-required');
  });

  it('refuses an expected close date before the day it is opened', () => {
    spec
      .given([])
      .when(openCommand({ expectedCloseDate: '2026-03-09' }))
      .thenFails('close-date-before-open-date');
  });

  it.each([100, -1, 12.5])('refuses probability %p', (probability) => {
    spec.given([]).when(openCommand({ probability })).thenFails('invalid-probability');
  });

  it('refuses the forecast category reserved for won opportunities', () => {
    spec
      .given([])
      .when(openCommand({ forecastCategory: 'closed' }))
      .thenFails('closed-forecast-category-reserved');
  });
});

describe('any command but OpenOpportunity on an opportunity that does not exist', () => {
  const commands: OpportunityCommand[] = [
    { type: 'UpdateOpportunityDetails', ...base, title: 'New' },
    { type: 'ReassignOwner', ...base, ownerId: 'user-2' },
    { type: 'ChangeStage', ...base, stage: 'proposal', reason: null },
    { type: 'MarkWon', ...base, amount: usd(100) },
    { type: 'MarkLost', ...base, reason: 'Budget cut', competitor: null },
    { type: 'Reopen', ...base, reason: null },
    { type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: usd(100) },
    { type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(100) },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('opportunity-not-found');
  });
});

describe('UpdateOpportunityDetails', () => {
  it('records only the fields that differ', () => {
    spec
      .given([opened()])
      .when({
        type: 'UpdateOpportunityDetails',
        ...base,
        title: 'Fleet renewal 2027',
        amount: usd(1500000),
        expectedCloseDate: '2026-07-15',
        productInterest: 'GTX Pro',
        source: 'referral',
      })
      .then([
        {
          type: 'OpportunityDetailsUpdated',
          data: {
            opportunityId: ID,
            changes: { amount: usd(1500000), expectedCloseDate: '2026-07-15', source: 'referral' },
          },
        },
      ]);
  });

  it('can change the title and clear the product interest', () => {
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, title: 'Fleet renewal 2028', productInterest: null })
      .then([
        {
          type: 'OpportunityDetailsUpdated',
          data: { opportunityId: ID, changes: { title: 'Fleet renewal 2028', productInterest: null } },
        },
      ]);
  });

  it('records nothing when nothing differs', () => {
    spec
      .given([opened()])
      .when({
        type: 'UpdateOpportunityDetails',
        ...base,
        title: 'Fleet renewal 2027',
        amount: usd(1250000),
        source: 'web',
      })
      .then([]);
  });

  it('sets an amount in any currency when none was set', () => {
    spec
      .given([opened({ amount: null })])
      .when({ type: 'UpdateOpportunityDetails', ...base, amount: eur(90000) })
      .then([{ type: 'OpportunityDetailsUpdated', data: { opportunityId: ID, changes: { amount: eur(90000) } } }]);
  });

  it('refuses another currency than the amount already set', () => {
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, amount: eur(1250000) })
      .thenFails('currency-change-not-allowed');
  });

  it('compares the expected close date with the open date, not the date of the update', () => {
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, expectedCloseDate: '2026-03-11' })
      .then([
        {
          type: 'OpportunityDetailsUpdated',
          data: { opportunityId: ID, changes: { expectedCloseDate: '2026-03-11' } },
        },
      ]);
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, expectedCloseDate: '2026-03-09' })
      .thenFails('close-date-before-open-date');
  });

  it('refuses a blank title', () => {
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, title: ' ' })
      .thenFails('title-required');
  });

  it.each([
    ['won', [opened(), won()]],
    ['lost', [opened(), lost()]],
  ] as const)('refuses a %s opportunity', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'UpdateOpportunityDetails', ...base, title: 'New' })
      .thenFails('opportunity-closed');
  });
});

describe('ReassignOwner', () => {
  it('records the previous and the new owner', () => {
    spec
      .given([opened()])
      .when({ type: 'ReassignOwner', ...base, ownerId: 'user-2' })
      .then([
        {
          type: 'OpportunityOwnerReassigned',
          data: { opportunityId: ID, previousOwnerId: 'user-owner', ownerId: 'user-2' },
        },
      ]);
  });

  it('records nothing for the same owner', () => {
    spec
      .given([opened()])
      .when({ type: 'ReassignOwner', ...base, ownerId: 'user-owner' })
      .then([]);
  });

  it.each([
    ['won', [opened(), won()]],
    ['lost', [opened(), lost()]],
  ] as const)('refuses a %s opportunity', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ReassignOwner', ...base, ownerId: 'user-2' })
      .thenFails('opportunity-closed');
  });
});

describe('ChangeStage', () => {
  it('moves forward, skipping stages, with the new stage defaults', () => {
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'proposal', reason: null })
      .then([
        {
          type: 'OpportunityStageChanged',
          data: {
            opportunityId: ID,
            from: 'prospecting',
            to: 'proposal',
            direction: 'forward',
            reason: null,
            probability: 60,
            forecastCategory: 'best-case',
            changedAt: AT,
          },
        },
      ]);
  });

  it('moves forward with overrides', () => {
    spec
      .given([opened()])
      .when({
        type: 'ChangeStage',
        ...base,
        stage: 'negotiation',
        reason: 'Verbal yes',
        probability: 90,
        forecastCategory: 'best-case',
      })
      .then([
        {
          type: 'OpportunityStageChanged',
          data: {
            opportunityId: ID,
            from: 'prospecting',
            to: 'negotiation',
            direction: 'forward',
            reason: 'Verbal yes',
            probability: 90,
            forecastCategory: 'best-case',
            changedAt: AT,
          },
        },
      ]);
  });

  it('moves backward with a reason', () => {
    spec
      .given([opened({ stage: 'negotiation', probability: 80, forecastCategory: 'commit' })])
      .when({ type: 'ChangeStage', ...base, stage: 'qualification', reason: 'New decision maker' })
      .then([
        {
          type: 'OpportunityStageChanged',
          data: {
            opportunityId: ID,
            from: 'negotiation',
            to: 'qualification',
            direction: 'backward',
            reason: 'New decision maker',
            probability: 20,
            forecastCategory: 'pipeline',
            changedAt: AT,
          },
        },
      ]);
  });

  it.each([null, '  '])('refuses to move backward without a reason (%p)', (reason) => {
    spec
      .given([opened({ stage: 'proposal', probability: 60, forecastCategory: 'best-case' })])
      .when({ type: 'ChangeStage', ...base, stage: 'needs-analysis', reason })
      .thenFails('backward-stage-requires-reason');
  });

  it('adjusts the forecast when the stage stays and an override differs', () => {
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'prospecting', reason: 'Strong interest', probability: 25 })
      .then([
        {
          type: 'OpportunityForecastAdjusted',
          data: {
            opportunityId: ID,
            probability: 25,
            forecastCategory: 'pipeline',
            reason: 'Strong interest',
            adjustedAt: AT,
          },
        },
      ]);
  });

  it('keeps an earlier adjustment when only the category is overridden on the same stage', () => {
    spec
      .given([
        opened(),
        {
          type: 'OpportunityForecastAdjusted',
          data: {
            opportunityId: ID,
            probability: 25,
            forecastCategory: 'pipeline',
            reason: null,
            adjustedAt: OPENED_AT,
          },
        },
      ])
      .when({ type: 'ChangeStage', ...base, stage: 'prospecting', reason: null, forecastCategory: 'omitted' })
      .then([
        {
          type: 'OpportunityForecastAdjusted',
          data: { opportunityId: ID, probability: 25, forecastCategory: 'omitted', reason: null, adjustedAt: AT },
        },
      ]);
  });

  it('records nothing for the same stage without a differing override', () => {
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'prospecting', reason: null })
      .then([]);
    spec
      .given([opened()])
      .when({
        type: 'ChangeStage',
        ...base,
        stage: 'prospecting',
        reason: null,
        probability: 10,
        forecastCategory: 'pipeline',
      })
      .then([]);
  });

  it('applies the new stage defaults after an adjustment when no override is given', () => {
    spec
      .given([opened(), stageChanged('prospecting', 'qualification', 45, 'best-case')])
      .when({ type: 'ChangeStage', ...base, stage: 'needs-analysis', reason: null })
      .then([
        {
          type: 'OpportunityStageChanged',
          data: {
            opportunityId: ID,
            from: 'qualification',
            to: 'needs-analysis',
            direction: 'forward',
            reason: null,
            probability: 40,
            forecastCategory: 'pipeline',
            changedAt: AT,
          },
        },
      ]);
  });

  it.each([100, -5, 50.5])('refuses probability %p', (probability) => {
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'proposal', reason: null, probability })
      .thenFails('invalid-probability');
  });

  it('refuses the forecast category reserved for won opportunities, also on the same stage', () => {
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'proposal', reason: null, forecastCategory: 'closed' })
      .thenFails('closed-forecast-category-reserved');
    spec
      .given([opened()])
      .when({ type: 'ChangeStage', ...base, stage: 'prospecting', reason: null, forecastCategory: 'closed' })
      .thenFails('closed-forecast-category-reserved');
  });

  it.each([
    ['won', [opened(), won()]],
    ['lost', [opened(), lost()]],
  ] as const)('refuses a %s opportunity', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ChangeStage', ...base, stage: 'proposal', reason: null })
      .thenFails('opportunity-closed');
  });
});

describe('MarkWon', () => {
  it('wins with the current amount', () => {
    spec
      .given([opened(), stageChanged('prospecting', 'negotiation', 80, 'commit')])
      .when({ type: 'MarkWon', ...base })
      .then([
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: ID,
            amount: usd(1250000),
            closedAt: AT,
            stageAtClose: 'negotiation',
            closedOn: '2026-03-12',
          },
        },
      ]);
  });

  it('wins with a final amount in the same currency', () => {
    spec
      .given([opened()])
      .when({ type: 'MarkWon', ...base, amount: usd(1100000) })
      .then([
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: ID,
            amount: usd(1100000),
            closedAt: AT,
            stageAtClose: 'prospecting',
            closedOn: '2026-03-12',
          },
        },
      ]);
  });

  it('wins with a final amount in any currency when none was set', () => {
    spec
      .given([opened({ amount: null })])
      .when({ type: 'MarkWon', ...base, amount: eur(5000) })
      .then([
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: ID,
            amount: eur(5000),
            closedAt: AT,
            stageAtClose: 'prospecting',
            closedOn: '2026-03-12',
          },
        },
      ]);
  });

  it.each([
    ['no amount at all', null, undefined],
    ['a current amount of zero', usd(0), undefined],
    ['a final amount of zero', usd(1250000), usd(0)],
  ])('refuses %s', (_label, current, amount) => {
    spec
      .given([opened({ amount: current })])
      .when({ type: 'MarkWon', ...base, ...(amount ? { amount } : {}) })
      .thenFails('won-requires-positive-amount');
  });

  it('refuses a final amount in another currency', () => {
    spec
      .given([opened()])
      .when({ type: 'MarkWon', ...base, amount: eur(1250000) })
      .thenFails('currency-change-not-allowed');
  });

  it.each([
    ['won', [opened(), won()]],
    ['lost', [opened(), lost()]],
  ] as const)('refuses a %s opportunity', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'MarkWon', ...base })
      .thenFails('opportunity-closed');
  });
});

describe('MarkLost', () => {
  it('records the reason, the competitor and the stage at close', () => {
    spec
      .given([opened(), stageChanged('prospecting', 'proposal', 60, 'best-case')])
      .when({ type: 'MarkLost', ...base, reason: 'Chose a competitor on price', competitor: 'Globex' })
      .then([
        {
          type: 'OpportunityLost',
          data: {
            opportunityId: ID,
            reason: 'Chose a competitor on price',
            competitor: 'Globex',
            closedAt: AT,
            stageAtClose: 'proposal',
            closedOn: '2026-03-12',
          },
        },
      ]);
  });

  it('accepts no competitor', () => {
    spec
      .given([opened()])
      .when({ type: 'MarkLost', ...base, reason: 'No budget', competitor: null })
      .then([
        {
          type: 'OpportunityLost',
          data: {
            opportunityId: ID,
            reason: 'No budget',
            competitor: null,
            closedAt: AT,
            stageAtClose: 'prospecting',
            closedOn: '2026-03-12',
          },
        },
      ]);
  });

  it.each(['', '   '])('refuses a blank reason (%j)', (reason) => {
    spec
      .given([opened()])
      .when({ type: 'MarkLost', ...base, reason, competitor: null })
      .thenFails('lost-reason-required');
  });

  it.each([
    ['won', [opened(), won()]],
    ['lost', [opened(), lost()]],
  ] as const)('refuses a %s opportunity', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'MarkLost', ...base, reason: 'No budget', competitor: null })
      .thenFails('opportunity-closed');
  });
});

describe('Reopen', () => {
  it('reopens a lost opportunity at the stage it was lost in, with that stage defaults', () => {
    spec
      .given([opened(), stageChanged('prospecting', 'proposal', 35, 'pipeline'), lost('proposal')])
      .when({ type: 'Reopen', ...base, reason: 'Competitor failed to deliver' })
      .then([
        {
          type: 'OpportunityReopened',
          data: {
            opportunityId: ID,
            stage: 'proposal',
            probability: 60,
            forecastCategory: 'best-case',
            reason: 'Competitor failed to deliver',
            reopenedAt: AT,
          },
        },
      ]);
  });

  it('reopens at a given stage', () => {
    spec
      .given([opened(), lost()])
      .when({ type: 'Reopen', ...base, reason: null, stage: 'negotiation' })
      .then([
        {
          type: 'OpportunityReopened',
          data: {
            opportunityId: ID,
            stage: 'negotiation',
            probability: 80,
            forecastCategory: 'commit',
            reason: null,
            reopenedAt: AT,
          },
        },
      ]);
  });

  it.each([
    ['open', [opened()]],
    ['won', [opened(), won()]],
  ] as const)('refuses an opportunity that is %s', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'Reopen', ...base, reason: null })
      .thenFails('only-lost-can-be-reopened');
  });
});

describe('evolve', () => {
  const state = (events: readonly OpportunityEvent[]) => fold(opportunityDecider, events);

  it('starts with no opportunity', () => {
    expect(opportunityDecider.initialState()).toEqual({ status: 'initial' });
  });

  it('follows open → stage → lost → reopen → won', () => {
    const history: OpportunityEvent[] = [opened()];
    history.push(
      ...opportunityDecider.decide({ type: 'ChangeStage', ...base, stage: 'proposal', reason: null }, state(history)),
    );
    expect(state(history)).toMatchObject({
      status: 'open',
      stage: 'proposal',
      probability: 60,
      forecastCategory: 'best-case',
    });

    history.push(
      ...opportunityDecider.decide(
        { type: 'MarkLost', ...base, reason: 'No budget', competitor: null },
        state(history),
      ),
    );
    expect(state(history)).toMatchObject({
      status: 'lost',
      stage: 'proposal',
      stageAtLoss: 'proposal',
      probability: 0,
      forecastCategory: 'omitted',
      closedAt: AT,
    });

    history.push(...opportunityDecider.decide({ type: 'Reopen', ...base, reason: 'Budget found' }, state(history)));
    const reopened = state(history);
    expect(reopened).toMatchObject({
      status: 'open',
      stage: 'proposal',
      probability: 60,
      forecastCategory: 'best-case',
    });
    expect(reopened).not.toHaveProperty('stageAtLoss');
    expect(reopened).not.toHaveProperty('closedAt');

    history.push(...opportunityDecider.decide({ type: 'MarkWon', ...base, amount: usd(990000) }, state(history)));
    expect(state(history)).toEqual({
      status: 'won',
      id: ID,
      title: 'Fleet renewal 2027',
      accountId: 'acc-1',
      accountName: 'Acme Corporation',
      ownerId: 'user-owner',
      amount: usd(990000),
      expectedCloseDate: '2026-06-30',
      openedAt: OPENED_AT,
      openedOn: '2026-03-10',
      source: 'web',
      productInterest: 'GTX Pro',
      stage: 'proposal',
      probability: 100,
      forecastCategory: 'closed',
      primaryQuoteId: null,
      closedAt: AT,
      closedOn: '2026-03-12',
    });
  });

  it('applies detail changes, a new owner and forecast adjustments', () => {
    expect(
      state([
        opened(),
        {
          type: 'OpportunityDetailsUpdated',
          data: { opportunityId: ID, changes: { title: 'Renamed', productInterest: null, amount: usd(7) } },
        },
        {
          type: 'OpportunityOwnerReassigned',
          data: { opportunityId: ID, previousOwnerId: 'user-owner', ownerId: 'user-2' },
        },
        {
          type: 'OpportunityForecastAdjusted',
          data: { opportunityId: ID, probability: 15, forecastCategory: 'omitted', reason: null, adjustedAt: AT },
        },
      ]),
    ).toEqual({
      status: 'open',
      id: ID,
      title: 'Renamed',
      accountId: 'acc-1',
      accountName: 'Acme Corporation',
      ownerId: 'user-2',
      amount: usd(7),
      expectedCloseDate: '2026-06-30',
      openedAt: OPENED_AT,
      openedOn: '2026-03-10',
      source: 'web',
      productInterest: null,
      stage: 'prospecting',
      probability: 15,
      forecastCategory: 'omitted',
      primaryQuoteId: null,
    });
  });

  it('leaves the initial state alone for an event that needs an existing opportunity', () => {
    expect(state([won()])).toEqual({ status: 'initial' });
  });
});

describe('business dates: reports group by the day something happened, which a command may give but never in the future', () => {
  it('opens on the day given (an import of a deal engaged earlier), and checks the expected close date against it', () => {
    spec
      .given([])
      .when(openCommand({ openedOn: '2025-11-03', expectedCloseDate: '2025-12-01' }))
      .then([opened({ openedOn: '2025-11-03', expectedCloseDate: '2025-12-01' })]);
    spec
      .given([])
      .when(openCommand({ openedOn: '2025-11-03', expectedCloseDate: '2025-11-02' }))
      .thenFails('close-date-before-open-date');
  });

  it('wins and loses on the day given, and on the day of the command when none is given', () => {
    spec
      .given([opened()])
      .when({ type: 'MarkWon', ...base, closedOn: '2026-03-11' })
      .then([
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: ID,
            amount: usd(1250000),
            closedAt: AT,
            stageAtClose: 'prospecting',
            closedOn: '2026-03-11',
          },
        },
      ]);
    spec
      .given([opened()])
      .when({ type: 'MarkLost', ...base, reason: 'No budget', competitor: null, closedOn: '2026-03-10' })
      .then([
        {
          type: 'OpportunityLost',
          data: {
            opportunityId: ID,
            reason: 'No budget',
            competitor: null,
            closedAt: AT,
            stageAtClose: 'prospecting',
            closedOn: '2026-03-10',
          },
        },
      ]);
  });

  it.each([
    ['an opening', openCommand({ openedOn: '2026-03-12', at: OPENED_AT })],
    ['a win', { type: 'MarkWon', ...base, closedOn: '2026-03-14' }],
    ['a loss', { type: 'MarkLost', ...base, reason: 'No budget', competitor: null, closedOn: '2027-01-01' }],
  ] as const)('refuses %s dated later than the day after the UTC day the command is recorded', (_what, command) => {
    spec
      .given(command.type === 'OpenOpportunity' ? [] : [opened()])
      .when(command as OpportunityCommand)
      .thenFails('business-date-in-the-future');
  });

  it("accepts a win dated the day after the UTC day of the command: it is already that day where the caller's day is ahead of UTC", () => {
    spec
      .given([opened()])
      .when({ type: 'MarkWon', ...base, closedOn: '2026-03-13' })
      .then([
        {
          type: 'OpportunityWon',
          data: { opportunityId: ID, amount: { amountMinor: 1_250_000, currency: 'USD' }, closedAt: AT, stageAtClose: 'prospecting', closedOn: '2026-03-13' },
        },
      ]);
  });

  it.each(['2026-02-30', '12/03/2026', '2026-3-1'])(
    'refuses a business date that is not a calendar date (%s)',
    (closedOn) => {
      spec
        .given([opened()])
        .when({ type: 'MarkWon', ...base, closedOn })
        .thenFails('invalid-business-date');
    },
  );

  it('refuses to close before the day it was opened', () => {
    spec
      .given([opened()])
      .when({ type: 'MarkWon', ...base, closedOn: '2026-03-09' })
      .thenFails('closed-before-opened');
    spec
      .given([opened()])
      .when({ type: 'MarkLost', ...base, reason: 'No budget', competitor: null, closedOn: '2026-03-09' })
      .thenFails('closed-before-opened');
  });

  it('upcasts events stored at version 1 (before business dates and assignment rules) to the current shape, and folds them', () => {
    const storedV1 = [
      { type: 'OpportunityOpened', data: without(without(opened().data, 'openedOn'), 'assignment'), metadata: { schemaVersion: 1 } },
      { type: 'OpportunityWon', data: without(won().data, 'closedOn'), metadata: { schemaVersion: 1 } },
    ];
    const decoded = storedV1.map(opportunityEvents.decode);
    expect(decoded[0]).toEqual(opened());
    expect(decoded[1]).toEqual(won());
    expect(fold(opportunityDecider, decoded)).toMatchObject({ status: 'won', openedOn: '2026-03-10', closedOn: '2026-03-10' });
  });

  it('keeps every field of an event stored at its current version as it is', () => {
    const current = opened({ openedOn: '2026-02-01', assignment: { rule: 'round-robin', pool: 'all', candidates: 3 } });
    expect(opportunityEvents.decode({ ...current, metadata: { schemaVersion: 2 } })).toEqual(current);
  });
});

describe('SetPrimaryQuote and SyncQuoteAmount', () => {
  const primarySet = (quoteId: string, amount: Money): OpportunityEvent => ({
    type: 'OpportunityPrimaryQuoteSet',
    data: { opportunityId: ID, quoteId, amount },
  });

  it('makes the quote primary and takes its total as the amount', () => {
    spec
      .given([opened()])
      .when({ type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: usd(90000) })
      .then([primarySet('quote-1', usd(90000))]);
  });

  it('records nothing when the same quote is made primary again with the same total', () => {
    spec
      .given([opened(), primarySet('quote-1', usd(90000))])
      .when({ type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: usd(90000) })
      .then([]);
  });

  it('refuses a quote in another currency than the amount', () => {
    spec
      .given([opened({ amount: usd(100) })])
      .when({ type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: eur(100) })
      .thenFails('currency-change-not-allowed');
  });

  it('refuses a primary quote on a closed opportunity', () => {
    spec
      .given([opened(), won()])
      .when({ type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: usd(100) })
      .thenFails('opportunity-closed');
  });

  it('follows the total of the primary quote', () => {
    spec
      .given([opened(), primarySet('quote-1', usd(90000))])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(85000) })
      .then([{ type: 'OpportunityAmountSynced', data: { opportunityId: ID, quoteId: 'quote-1', amount: usd(85000) } }]);
  });

  it('ignores the totals of a quote that is not primary, of an unchanged total, and after closing', () => {
    spec
      .given([opened()])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(1) })
      .then([]);
    spec
      .given([opened(), primarySet('quote-1', usd(9)), primarySet('quote-2', usd(5))])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(1) })
      .then([]);
    spec
      .given([opened(), primarySet('quote-1', usd(9))])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(9) })
      .then([]);
    spec
      .given([opened(), primarySet('quote-1', usd(9)), won(usd(9))])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: usd(1) })
      .then([]);
  });

  it('folds the primary quote and its amount into the state', () => {
    const state = fold(opportunityDecider, [opened(), primarySet('quote-2', usd(42))]);
    expect(state).toMatchObject({ primaryQuoteId: 'quote-2', amount: usd(42) });
  });
});

describe('ChangeOpportunityAccount', () => {
  const change = (accountId: string, reason: 'merge' | 'correction' = 'merge') =>
    ({ type: 'ChangeOpportunityAccount', ...base, accountId, accountName: 'Acme Holdings', reason }) as const;
  const changed = {
    type: 'OpportunityAccountChanged',
    data: {
      opportunityId: ID,
      previousAccountId: 'acc-1',
      accountId: 'acc-2',
      accountName: 'Acme Holdings',
      reason: 'merge',
      changedAt: AT,
    },
  } as const;

  it('moves an open opportunity to another account', () => {
    spec.given([opened()]).when(change('acc-2')).then([changed]);
  });

  it('moves a closed one too, so that a merged account keeps its won deals', () => {
    spec
      .given([opened(), won(usd(9))])
      .when(change('acc-2'))
      .then([changed]);
  });

  it('changes nothing when the account is already that one', () => {
    spec.given([opened()]).when(change('acc-1')).then([]);
  });

  it('moves only from the account named, when one is named: a later correction is not undone by a merge', () => {
    spec
      .given([opened()])
      .when({ ...change('acc-2'), onlyFromAccountId: 'acc-1' })
      .then([changed]);
    spec
      .given([opened()])
      .when({ ...change('acc-2'), onlyFromAccountId: 'acc-9' })
      .then([]);
  });

  it('refuses a blank account and a missing opportunity', () => {
    spec.given([opened()]).when(change(' ')).thenFails('account-required');
    spec.given([]).when(change('acc-2')).thenFails('opportunity-not-found');
  });

  it('folds the new account into the state', () => {
    expect(fold(opportunityDecider, [opened(), changed])).toMatchObject({
      accountId: 'acc-2',
      accountName: 'Acme Holdings',
    });
  });
});

describe('malformed money and dates, whatever the caller sent: the log is forever', () => {
  /** What a JSON body can hold where money is expected; typed as the command's field, as a careless caller would. */
  const fromJson = (json: string): Money => JSON.parse(json) as Money;

  it('refuses to open with an array for the amount', () => {
    spec.given([]).when(openCommand({ amount: fromJson('[]') })).thenFails('invalid-money');
  });

  it('refuses to open with a fractional amount', () => {
    spec.given([]).when(openCommand({ amount: usd(12.5) })).thenFails('invalid-money');
  });

  it('refuses to open with a negative amount', () => {
    spec.given([]).when(openCommand({ amount: usd(-1) })).thenFails('invalid-money');
  });

  it('refuses to open with an amount beyond the safe integers', () => {
    spec.given([]).when(openCommand({ amount: usd(2 ** 53) })).thenFails('invalid-money');
  });

  it('refuses to open with a lower-case currency', () => {
    spec.given([]).when(openCommand({ amount: { amountMinor: 100, currency: 'usd' } })).thenFails('invalid-money');
  });

  it('refuses to open with an expected close date that is not a calendar date', () => {
    spec.given([]).when(openCommand({ expectedCloseDate: '2026-02-30' })).thenFails('invalid-business-date');
  });

  it('refuses to open with an expected close date given as an array', () => {
    spec.given([]).when(openCommand({ expectedCloseDate: JSON.parse('["2026-06-30"]') as string })).thenFails('invalid-business-date');
  });

  it('refuses details with an array for the amount', () => {
    spec
      .given([opened()])
      .when({ type: 'UpdateOpportunityDetails', ...base, amount: fromJson('[{"amountMinor":500,"currency":"USD"}]') })
      .thenFails('invalid-money');
  });

  it('refuses details with a null amount', () => {
    spec.given([opened()]).when({ type: 'UpdateOpportunityDetails', ...base, amount: fromJson('null') }).thenFails('invalid-money');
  });

  it('refuses details with an expected close date that is not a calendar date', () => {
    spec.given([opened()]).when({ type: 'UpdateOpportunityDetails', ...base, expectedCloseDate: '2026-13-01' }).thenFails('invalid-business-date');
  });

  it('refuses to win with an array for the amount, even when the opportunity has none', () => {
    spec
      .given([opened({ amount: null })])
      .when({ type: 'MarkWon', ...base, amount: fromJson('[{"amountMinor":500,"currency":"USD"}]') })
      .thenFails('invalid-money');
  });

  it('refuses a primary quote whose total is not money', () => {
    spec.given([opened()]).when({ type: 'SetPrimaryQuote', ...base, quoteId: 'quote-1', amount: fromJson('{"amountMinor":"100","currency":"USD"}') }).thenFails('invalid-money');
  });

  it('refuses to sync a primary quote total that is not money', () => {
    spec
      .given([opened(), { type: 'OpportunityPrimaryQuoteSet', data: { opportunityId: ID, quoteId: 'quote-1', amount: usd(100) } }])
      .when({ type: 'SyncQuoteAmount', ...base, quoteId: 'quote-1', amount: fromJson('{"amountMinor":1.5,"currency":"USD"}') })
      .thenFails('invalid-money');
  });
});

describe('sources outside the known set, whatever the caller sent', () => {
  /** What a JSON body or an import can hold where a source is expected; typed as the command's field, as a careless caller would. */
  const sourceFromJson = (json: string): OpenOpportunity['source'] => JSON.parse(json) as OpenOpportunity['source'];

  it('refuses to open with a source that is not one of the known sources', () => {
    spec.given([]).when(openCommand({ source: sourceFromJson('"billboard"') })).thenFails('invalid-opportunity-source');
  });

  it('refuses to open with a null source', () => {
    spec.given([]).when(openCommand({ source: sourceFromJson('null') })).thenFails('invalid-opportunity-source');
  });

  it('refuses to open with an array for the source', () => {
    spec.given([]).when(openCommand({ source: sourceFromJson('["web"]') })).thenFails('invalid-opportunity-source');
  });

  it('refuses details with a source that is not one of the known sources', () => {
    spec.given([opened()]).when({ type: 'UpdateOpportunityDetails', ...base, source: sourceFromJson('"Web"') }).thenFails('invalid-opportunity-source');
  });

  it('refuses details with a null source (a source is required; it cannot be cleared)', () => {
    spec.given([opened()]).when({ type: 'UpdateOpportunityDetails', ...base, source: sourceFromJson('null') }).thenFails('invalid-opportunity-source');
  });

  it('accepts a known source', () => {
    spec.given([]).when(openCommand({ source: 'partner' })).then([opened({ source: 'partner' })]);
  });
});

